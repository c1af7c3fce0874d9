import { createHash } from 'node:crypto';

/**
 * A stable identity for a finding across scans: it must not change when unrelated lines move,
 * so it hashes rule, file, resource and a location-independent key — never the line number.
 */
export function fingerprint(parts: readonly (string | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part ?? '');
    hash.update('\u0000');
  }
  return hash.digest('hex').slice(0, 32);
}

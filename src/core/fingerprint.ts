import { hash } from 'node:crypto';

/**
 * A stable identity for a finding across scans: it must not change when unrelated lines move,
 * so it hashes rule, file, resource and a location-independent key — never the line number.
 * The parts are joined with NUL (each one followed by it) and hashed in one call: the one-shot
 * `crypto.hash` is 2× cheaper than createHash/update/digest, and scans produce tens of
 * thousands of findings. The value is the same as hashing the parts one by one.
 */
export function fingerprint(parts: readonly (string | undefined)[]): string {
  let text = '';
  for (const part of parts) text += `${part ?? ''}\u0000`;
  return hash('sha256', text, 'hex').slice(0, 32);
}

import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout, SHA-256 based) derived from content: the same packages give the
 * same CycloneDX serialNumber and SPDX namespace, so SBOMs diff cleanly between runs.
 */
export function contentUuid(content: string): string {
  const b = createHash('sha256').update(content).digest();
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** What identifies an SBOM's content (not its timestamp). */
export function contentKey(subject: { name: string; version?: string }, purls: readonly string[]): string {
  return [`${subject.name}@${subject.version ?? ''}`, ...purls].join('\n');
}

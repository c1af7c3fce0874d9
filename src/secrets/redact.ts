import { createHash } from 'node:crypto';

/** SHA-256 (hex) of a secret: lets baselines and users recognise a secret without storing it. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * The only form of a secret that leaves the engine: at most 4 leading characters, fewer for short
 * secrets (a quarter of the length, so a 6-char password shows 1 char), then '…'.
 */
export function redactedPreview(secret: string): string {
  const chars = Array.from(secret);
  const shown = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join('')}…`;
}

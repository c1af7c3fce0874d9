import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Random opaque secret, URL-safe (session ids, bootstrap links, token bodies). 32 bytes = 256 bits. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 hex of a high-entropy secret. Enough for random tokens (no dictionary to attack), unlike
 * passwords, which go through scrypt.
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** API tokens start with this, so secret scanners and humans recognise them. */
export const API_TOKEN_PREFIX = 'rmp_';

export function newApiTokenSecret(): string {
  return `${API_TOKEN_PREFIX}${randomSecret(30)}`;
}

// scrypt cost: N=2^15, r=8, p=1 ≈ 32 MiB and ~50–100 ms per hash (OWASP minimum is N=2^17 with
// p=1 or 2^15 with higher memory; we stay under node's default 32 MiB maxmem by raising maxmem).
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAXMEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url): parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time comparison; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounded so a corrupted row cannot make one sign-in burn minutes of CPU or gigabytes of memory.
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 2 ** 20 || r > 32 || p > 16) return false;
  const expected = Buffer.from(parts[5] as string, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  try {
    const key = await scryptAsync(password, Buffer.from(parts[4] as string, 'base64url'), n, r, p);
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

/** A password hash to compare against when the account does not exist, so timing reveals nothing. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomSecret());
  return dummyHash;
}

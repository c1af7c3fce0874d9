import { compareDigits, compareStrings, isDigits } from './digits.ts';

/**
 * SemVer 2.0 §11 precedence of pre-release identifier lists, shared by Go and crates.io (npm
 * and NuGet differ in details and have their own): a release (no identifiers) sorts after any
 * pre-release; numeric identifiers compare numerically (any length) and sort before
 * alphanumeric ones, which compare in ASCII order; a longer list wins when all else is equal.
 */
export function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    const xn = isDigits(x);
    const yn = isDigits(y);
    const c = xn && yn ? compareDigits(x, y) : xn ? -1 : yn ? 1 : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Identifier lists after `-` and `+`: non-empty, `[0-9A-Za-z-]` only. */
export function splitIdentifiers(text: string): string[] | undefined {
  const parts = text.split('.');
  return parts.every((p) => /^[0-9A-Za-z-]+$/.test(p)) ? parts : undefined;
}

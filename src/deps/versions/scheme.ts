/**
 * One ecosystem's version order. Every ecosystem file exports one of these: `parse` turns text
 * into a comparable value (throwing VersionError for text the ecosystem rejects) and `compare`
 * orders two parsed values (negative, zero, positive). Keeping the parse separate lets matchers
 * parse an advisory's bounds once and compare many installed versions against them.
 */
import { VersionError } from './errors.ts';

/**
 * Longest version any parser accepts. Real versions stay under ~150 characters (npm caps them
 * at 256); the bound keeps hostile input from costing quadratic time or deep recursion.
 */
export const MAX_VERSION_LENGTH = 1024;

export function checkLength(ecosystem: string, text: string): void {
  if (text.length > MAX_VERSION_LENGTH) {
    throw new VersionError(
      ecosystem,
      `${text.slice(0, 64)}…`,
      `longer than ${MAX_VERSION_LENGTH} characters`,
    );
  }
}

export interface VersionScheme<T = unknown> {
  /** The OSV ecosystem name, as in `affected[].package.ecosystem`. */
  readonly ecosystem: string;
  parse(text: string): T;
  compare(a: T, b: T): number;
}

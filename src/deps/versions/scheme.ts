/**
 * One ecosystem's version order. Every ecosystem file exports one of these: `parse` turns text
 * into a comparable value (throwing VersionError for text the ecosystem rejects) and `compare`
 * orders two parsed values (negative, zero, positive). Keeping the parse separate lets matchers
 * parse an advisory's bounds once and compare many installed versions against them.
 */
export interface VersionScheme<T = unknown> {
  /** The OSV ecosystem name, as in `affected[].package.ecosystem`. */
  readonly ecosystem: string;
  parse(text: string): T;
  compare(a: T, b: T): number;
}

/**
 * Sigma string values → wildcard patterns, per the spec's "Escape Character" section:
 * `*` any run, `?` one char; a backslash escapes only `*`, `?` and `\`; any other backslash is
 * literal. So `\\*` is a literal backslash then a wildcard, `\\\*` a backslash then a literal
 * star, and `\` / `\\` before a plain character both mean one backslash.
 */

/** A pattern piece: literal text, or a wildcard. Wildcards are symbols so literal `*` stays text. */
export const ANY_RUN: unique symbol = Symbol('*');
export const ANY_ONE: unique symbol = Symbol('?');
export type Piece = string | typeof ANY_RUN | typeof ANY_ONE;

/** Parse a Sigma string into pieces; adjacent literals are merged, repeated `*` collapsed. */
export function parseWildcards(text: string): Piece[] {
  const out: Piece[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit !== '') out.push(lit);
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        lit += next;
        i++;
      } else lit += c;
    } else if (c === '*') {
      flush();
      if (out[out.length - 1] !== ANY_RUN) out.push(ANY_RUN);
    } else if (c === '?') {
      flush();
      out.push(ANY_ONE);
    } else lit += c;
  }
  flush();
  return out;
}

/** Literal pieces as plain text (used when a value must not carry wildcards, e.g. before encoding). */
export function piecesToPlain(pieces: readonly Piece[]): string {
  return pieces.map((p) => (p === ANY_RUN ? '*' : p === ANY_ONE ? '?' : p)).join('');
}

export function hasWildcard(pieces: readonly Piece[]): boolean {
  return pieces.some((p) => typeof p !== 'string');
}

/** Lowercase literal pieces (case-insensitive matching lowercases both sides). */
export function lowerPieces(pieces: readonly Piece[]): Piece[] {
  return pieces.map((p) => (typeof p === 'string' ? p.toLowerCase() : p));
}

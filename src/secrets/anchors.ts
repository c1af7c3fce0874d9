/**
 * Literal anchors of a rule pattern: when every match of a pattern must begin with one of a few
 * ASCII literals (`(?i:(?:password|passwd|\bpwd)…`, `\b(API-…`, `(?i:adyen…|x-api-key)`), the
 * pattern need not run over the whole text: an anchored match tried at each occurrence of those
 * literals, in order, finds exactly the matches of the unanchored global search (the leftmost
 * match from a position starts at the first occurrence where an anchored match succeeds, and RE2
 * picks the same match there either way; `\b` still sees the byte before, as RE2 is handed the
 * whole text). The keyword pass finds the occurrences (ASCII case-folded, a superset of what a
 * case-sensitive literal matches). RE2's `(?i)` also folds `k` with U+212A and `s` with U+017F,
 * which the keyword pass does not: the scanner falls back to the full search on texts holding
 * either character (hasFoldHazard).
 *
 * The recognizer is deliberately narrow: anything it does not understand means "no anchors".
 */

/** Shortest anchor: shorter literals occur everywhere and save nothing. */
const MIN_ANCHOR = 3;
/** Characters that stand for themselves outside a class (RE2 syntax, no `x` flag). */
const PLAIN = /^[A-Za-z0-9_:/"'=@#%&~<>!;,-]$/;
/** Characters that `\` turns into themselves. */
const ESCAPED = /^[-._/:"'=@#%&~<>!;,]$/;

/** UTF-8 of U+212A (Kelvin sign) and U+017F (long s): `(?i)` folds them with `k` and `s`. */
const KELVIN = Buffer.from('\u212a');
const LONG_S = Buffer.from('\u017f');

/**
 * Whether a case-insensitive pattern could match a letter the keyword pass does not fold here
 * (then its anchors' occurrences are not all known, and the pattern must search the whole text).
 */
export function hasFoldHazard(bytes: Buffer): boolean {
  // The lead bytes first: memchr-fast, and nearly every text has neither.
  return (
    (bytes.indexOf(0xe2) >= 0 && bytes.includes(KELVIN)) ||
    (bytes.indexOf(0xc5) >= 0 && bytes.includes(LONG_S))
  );
}

/**
 * The ASCII literals (lower-case) one of which every match of `source` starts with, or undefined
 * when that cannot be shown from the pattern's syntax.
 */
export function literalAnchors(source: string): string[] | undefined {
  // \Q…\E quotes metacharacters and (?x) makes spaces and `#` syntax: not understood here.
  if (source.includes('\\Q') || /\(\?[a-zA-Z-]*x/.test(source)) return undefined;
  const start = source.startsWith('(?i)') ? 4 : 0;
  const anchors = alternativesFrom(source, start, source.length);
  if (!anchors) return undefined;
  const unique = [...new Set(anchors.map((a) => a.toLowerCase()))];
  return unique.every((a) => a.length >= MIN_ANCHOR) ? unique : undefined;
}

/** Anchors of a group body / the whole pattern: every top-level alternative must have them. */
function alternativesFrom(s: string, from: number, to: number): string[] | undefined {
  const out: string[] = [];
  for (const [a, b] of splitAlternatives(s, from, to)) {
    const anchors = sequenceStart(s, a, b);
    if (!anchors) return undefined;
    out.push(...anchors);
  }
  return out;
}

/** The literals a sequence (one alternative, [from, to)) must start with. */
function sequenceStart(s: string, from: number, to: number): string[] | undefined {
  let i = from;
  // `\b` is zero-width: the match still starts here.
  while (s.startsWith('\\b', i) && i + 2 <= to) i += 2;
  if (i >= to) return undefined;
  if (s[i] === '(') {
    const body = groupBody(s, i);
    if (!body) return undefined;
    const close = closingParen(s, i);
    if (close === undefined || close >= to) return undefined;
    // An optional or repeatable-from-zero group lets the match start after it.
    const after = s[close + 1];
    if (after === '?' || after === '*' || after === '{') return undefined;
    return alternativesFrom(s, body, close);
  }
  let literal = '';
  while (i < to) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < to && ESCAPED.test(s[i + 1] as string)) {
      literal += s[i + 1];
      i += 2;
    } else if (PLAIN.test(c)) {
      literal += c;
      i += 1;
    } else break;
  }
  if (literal.length === 0) return undefined;
  // A quantifier applies to the last literal character only: that one is not required.
  const q = s[i];
  if (i < to && (q === '?' || q === '*' || q === '{' || q === '+')) literal = literal.slice(0, -1);
  return literal.length > 0 ? [literal] : undefined;
}

/** Index where a group's alternatives begin, for the group kinds understood; else undefined. */
function groupBody(s: string, open: number): number | undefined {
  if (s.startsWith('(?:', open)) return open + 3;
  if (s.startsWith('(?i:', open)) return open + 4;
  if (s.startsWith('(?P<', open)) {
    const end = s.indexOf('>', open);
    return end < 0 ? undefined : end + 1;
  }
  return s[open + 1] === '?' ? undefined : open + 1;
}

/** Index of the `)` closing the group opened at `open` (escapes and classes skipped). */
function closingParen(s: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const end = classEnd(s, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

/** Index of the `]` ending the class opened at `open`. */
function classEnd(s: string, open: number): number | undefined {
  let i = open + 1;
  if (s[i] === '^') i++;
  if (s[i] === ']') i++;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '[' && s[i + 1] === ':') {
      const end = s.indexOf(':]', i + 2);
      if (end < 0) return undefined;
      i = end + 1;
    } else if (c === ']') return i;
  }
  return undefined;
}

/** [start, end) of each top-level alternative in s[from, to). */
function splitAlternatives(s: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(s, i) ?? to;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, to]);
  return out;
}

/**
 * Literal anchors of a rule pattern: when every match of a pattern must begin with one of a few
 * ASCII literals (`(?i:(?:password|passwd|\bpwd)…`, `\b(API-…`, `(?i:adyen…|x-api-key)`), the
 * pattern need not run over the whole text: an anchored match tried at each occurrence of those
 * literals, in order, finds exactly the matches of the unanchored global search (the leftmost
 * match from a position starts at the first occurrence where an anchored match succeeds, and RE2
 * picks the same match there either way; `\b` still sees the byte before, as RE2 is handed the
 * whole text). The keyword pass finds the occurrences (ASCII case-folded, a superset of what a
 * case-sensitive literal matches). RE2's `(?i)` also folds `k` with U+212A and `s` with U+017F;
 * the keyword pass folds them too for selecting rules (src/secrets/ascii-fold.ts), but records
 * anchor occurrences in the ASCII pass only: the scanner falls back to the full search on texts
 * holding either character (KeywordMatcher.folds, FOLD_HAZARD).
 *
 * The anchors are as long as the pattern's literal start allows: small classes, optional items
 * and groups of literals expand into up to 32 literals (`(?i:op[_.\-]?connect)` gives
 * `op_connect`, `op.connect`, `op-connect`, `opconnect`), so a rule whose pattern starts with a
 * short or optional piece still runs anchored, and long anchors occur rarely.
 *
 * The recognizer is deliberately narrow: anything it does not understand ends the literal part,
 * and anchors shorter than MIN_ANCHOR mean "no anchors".
 */

/** Shortest anchor: shorter literals occur everywhere and save nothing. */
const MIN_ANCHOR = 3;
/** Characters that stand for themselves outside a class (RE2 syntax, no `x` flag). */
const PLAIN = /^[A-Za-z0-9_:/"'=@#%&~<>!;,-]$/;
/** Characters that `\` turns into themselves. */
const ESCAPED = /^[-._/:"'=@#%&~<>!;,]$/;

/** Whether a pattern turns case folding on anywhere (`(?i)`, `(?i:…)`, `(?si)`): where it does not apply too. */
export function foldsCase(source: string): boolean {
  return /\(\?[a-zA-Z]*i/.test(source);
}

/** Syntax the recognizers here do not read: `\Q…\E` quotes metacharacters, `(?x)` makes spaces and `#` syntax. */
function unreadable(source: string): boolean {
  return source.includes('\\Q') || /\(\?[a-zA-Z-]*x/.test(source);
}

/**
 * The ASCII literals (lower-case) one of which every match of `source` starts with, or undefined
 * when that cannot be shown from the pattern's syntax.
 */
export function literalAnchors(source: string): string[] | undefined {
  if (unreadable(source)) return undefined;
  const start = source.startsWith('(?i)') ? 4 : 0;
  const { exact, open } = alternativesFrom(source, start, source.length);
  const unique = [...new Set([...exact, ...open].map((a) => a.toLowerCase()))];
  // An anchor another one starts with adds no attempt of its own (and two anchors at one
  // position would try the same start twice): keep the shorter.
  const anchors = unique.filter((a) => !unique.some((b) => b !== a && a.startsWith(b)));
  return anchors.every((a) => a.length >= MIN_ANCHOR) ? anchors : undefined;
}

/**
 * Literals found at a fixed distance into every match: a pattern such as `\b([a-f0-9]{32}-us…`
 * starts with a run of exactly `offset` single-byte characters, then one of `literals`, so each
 * match starts `offset` bytes before an occurrence of one of them. Only for patterns without
 * `(?i)` anywhere: case folding lets `k`/`s` in a class match the 3- and 2-byte K and ſ.
 */
export function offsetAnchors(source: string): { literals: string[]; offset: number } | undefined {
  // (?i) anywhere (also as `-i`): case folding lets `k`/`s` in a class match multi-byte letters.
  if (unreadable(source) || /\(\?[a-zA-Z-]*i/.test(source)) return undefined;
  if (splitAlternatives(source, 0, source.length).length !== 1) return undefined;
  let i = 0;
  let offset = 0;
  // Groups entered (each of one alternative, not quantified: the sequence just continues).
  let depth = 0;
  for (;;) {
    if (source.startsWith('\\b', i)) i += 2;
    else if (source[i] === '(') {
      const body = groupBody(source, i);
      const close = closingParen(source, i);
      if (body === undefined || close === undefined || splitAlternatives(source, body, close).length !== 1)
        break;
      if ('?*+{'.includes(source[close + 1] ?? ')')) return undefined;
      i = body;
      depth++;
    } else if (source[i] === ')' && depth > 0) {
      i++;
      depth--;
    } else {
      const width = fixedWidthAt(source, i);
      if (!width) break;
      offset += width.bytes;
      i = width.end;
    }
  }
  if (offset === 0) return undefined;
  const literals = literalAnchors(source.slice(i));
  return literals ? { literals, offset } : undefined;
}

/**
 * `[ASCII class]{n}` or `\d{n}` / `\w{n}` at `i` (RE2's `\d` and `\w` are ASCII): n bytes in
 * UTF-8 whatever it matches. Undefined for anything else (negated classes can match multi-byte
 * characters; other quantifiers vary the width).
 */
function fixedWidthAt(s: string, i: number): { bytes: number; end: number } | undefined {
  let end: number;
  if (s.startsWith('\\d', i) || s.startsWith('\\w', i)) end = i + 2;
  else if (s[i] === '[' && s[i + 1] !== '^') {
    const close = classEnd(s, i);
    if (close === undefined || !/^[A-Za-z0-9_\-.+/=:]+$/.test(s.slice(i + 1, close))) return undefined;
    end = close + 1;
  } else return undefined;
  const n = /^\{(\d+)\}/.exec(s.slice(end));
  if (!n) return undefined;
  return { bytes: Number(n[1]), end: end + (n[0] as string).length };
}

/**
 * What a piece of pattern is known to start with: every match of it is one of `exact` (a finite
 * set of literals, such as `(?:fb|meta)[_.\-]?`: what follows can be appended) or starts with one
 * of `open` (the rest unknown). Kept apart per alternative, so one open alternative does not stop
 * the others: `(?:https?|jdbc:[a-z]+)://` gives `http://`, `https://` and `jdbc:`, where a single
 * flag for the whole group gave `http`, `https` and `jdbc:` (22,000 attempts at `http` on the npm
 * tree for the URL-credentials rule).
 */
interface Prefixes {
  readonly exact: readonly string[];
  readonly open: readonly string[];
}

/**
 * Literals a sequence may expand to (`cf[_.\-]?(?:api|auth)` is 8): past that the prefixes known
 * so far are kept, which is still correct, just shorter.
 */
const MAX_VARIANTS = 32;
/** Members of a class expanded into literals (`[_.\-]`); larger classes end the literal part. */
const MAX_CLASS = 6;

/** A group body / the whole pattern: the union of its top-level alternatives. */
function alternativesFrom(s: string, from: number, to: number): Prefixes {
  const exact: string[] = [];
  const open: string[] = [];
  for (const [a, b] of splitAlternatives(s, from, to)) {
    const p = sequenceFrom(s, a, b);
    exact.push(...p.exact);
    open.push(...p.open);
  }
  return { exact, open };
}

/**
 * One alternative, [from, to): literal characters, small classes and groups of those, each maybe
 * optional (`?`), concatenated until the first item that is not a finite set of literals.
 */
function sequenceFrom(s: string, from: number, to: number): Prefixes {
  let exact: readonly string[] = [''];
  let open: readonly string[] = [];
  // What is known when the sequence cannot be followed further: everything so far, as prefixes.
  const stop = (): Prefixes => ({ exact: [], open: [...open, ...exact] });
  let i = from;
  while (i < to && exact.length > 0) {
    // `\b` is zero-width: the match continues here.
    if (s.startsWith('\\b', i)) {
      i += 2;
      continue;
    }
    const item = itemAt(s, i, to);
    if (!item) return stop();
    let itemExact = item.exact;
    let itemOpen = item.open;
    i = item.end;
    const q = i < to ? s[i] : undefined;
    if (q === '?') {
      // Optional (`??` lazily: the same strings).
      itemExact = [...itemExact, ''];
      i += s[i + 1] === '?' ? 2 : 1;
    } else if (q === '+') {
      // At least once: its strings start the rest, which is not followed further.
      itemOpen = [...itemOpen, ...itemExact];
      itemExact = [];
    } else if (q === '*' || q === '{') {
      // Maybe absent, maybe repeated: the prefixes so far are all that is known.
      return stop();
    }
    const nextExact = exact.flatMap((a) => itemExact.map((b) => a + b));
    const nextOpen = [...open, ...exact.flatMap((a) => itemOpen.map((b) => a + b))];
    // (A first item is taken whole: its alternatives were each capped already.)
    if (nextExact.length + nextOpen.length > MAX_VARIANTS && exact.length + open.length > 1) return stop();
    exact = nextExact;
    open = nextOpen;
  }
  return { exact, open };
}

/** The item at `i` (before `to`) and where it ends, or undefined when it is not understood. */
function itemAt(s: string, i: number, to: number): (Prefixes & { readonly end: number }) | undefined {
  const c = s[i] as string;
  if (c === '(') {
    const body = groupBody(s, i);
    const close = closingParen(s, i);
    if (body === undefined || close === undefined || close >= to) return undefined;
    return { ...alternativesFrom(s, body, close), end: close + 1 };
  }
  if (c === '[') {
    const close = classEnd(s, i);
    const members = close === undefined ? undefined : classMembers(s, i + 1, close);
    return members && close !== undefined ? { exact: members, open: [], end: close + 1 } : undefined;
  }
  if (c === '\\' && i + 1 < to && ESCAPED.test(s[i + 1] as string)) return literal(s[i + 1] as string, i + 2);
  if (PLAIN.test(c)) return literal(c, i + 1);
  return undefined;
}

function literal(c: string, end: number): Prefixes & { readonly end: number } {
  return { exact: [c], open: [], end };
}

/**
 * The characters of a small class of plain ASCII characters (`[_.\-]`, `[Aa]`), [from, to) being
 * between the brackets; undefined for negated classes, ranges, escapes standing for sets, and
 * larger classes.
 */
function classMembers(s: string, from: number, to: number): string[] | undefined {
  const members: string[] = [];
  for (let i = from; i < to; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < to && ESCAPED.test(s[i + 1] as string)) members.push(s[++i] as string);
    else if (c !== '-' && (PLAIN.test(c) || c === '.')) members.push(c);
    else return undefined;
  }
  return members.length > 0 && members.length <= MAX_CLASS ? members : undefined;
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

/** Byte sets of the first positions of every match (prefixSets): at most this many. */
const MAX_PREFIX = 24;

/**
 * What each of the first bytes of every match must be, from the pattern's syntax: a table of K
 * rows of 256 flags (row k: the bytes allowed at match start + k), or undefined when not even the
 * first byte is known. A necessary condition, so an anchored attempt whose bytes fail it cannot
 * match and is not handed to RE2 (an attempt costs ~1 µs; most occurrences of short anchors such
 * as `pat` in `path` fail within a few bytes: `pat[A-Za-z0-9]{14}\.`).
 *
 * Understood: literals, escaped literals, `\d` `\w` `\s` (ASCII in RE2), classes of ASCII
 * characters and ranges, `.` and negated classes (which may match a multi-byte character, so
 * positions after one are not known), `\b` (zero-width), groups and alternatives (a position's
 * set is the union over the alternatives), `{n}` (n positions), and the required part of `{n,m}`
 * and `+` (what follows is not at a known position). With `(?i` anywhere, letters fold (ASCII
 * only: texts holding U+212A or U+017F are searched whole, see FOLD_HAZARD). Anything else ends
 * the known part.
 */
export function prefixSets(source: string): Uint8Array | undefined {
  if (unreadable(source)) return undefined;
  const flags: Flags = { fold: foldsCase(source), dotAll: /\(\?[a-zA-Z]*s/.test(source) };
  // Leading flags such as `(?i)` or `(?is)` apply to the whole pattern (folded in `flags`).
  const from = /^\(\?[a-zA-Z]+\)/.exec(source)?.[0].length ?? 0;
  const sets = alternativeSets(source, from, source.length, flags).sets.slice(0, MAX_PREFIX);
  if (sets.length === 0) return undefined;
  const table = new Uint8Array(sets.length * 256);
  sets.forEach((set, k) => {
    table.set(set, k * 256);
  });
  return table;
}

/** `(?i` anywhere: letters fold; `(?s` anywhere: `.` matches a newline too. */
interface Flags {
  readonly fold: boolean;
  readonly dotAll: boolean;
}

/** Whether the bytes from `start` fit the rows of a prefixSets table (a match needs them all). */
export function prefixHolds(bytes: Uint8Array, start: number, prefix: Uint8Array): boolean {
  const rows = prefix.length >> 8;
  if (start + rows > bytes.length) return false;
  for (let k = 0; k < rows; k++) if (prefix[(k << 8) | (bytes[start + k] as number)] === 0) return false;
  return true;
}

/** Sets of the first positions; `fixed`: every match of the piece has exactly `sets.length` bytes. */
interface PrefixSets {
  readonly sets: readonly Uint8Array[];
  readonly fixed: boolean;
}

function alternativeSets(s: string, from: number, to: number, flags: Flags): PrefixSets {
  const alternatives = splitAlternatives(s, from, to).map(([a, b]) => sequenceSets(s, a, b, flags));
  if (alternatives.length === 1) return alternatives[0] as PrefixSets;
  const shortest = Math.min(...alternatives.map((a) => a.sets.length));
  const sets: Uint8Array[] = [];
  for (let k = 0; k < shortest; k++) {
    // Four flags a word: these loops run once per rule, too rarely for V8's optimizer to pay off,
    // and a byte at a time they ran long enough for it to compile this function twice mid-scan.
    const union = new Uint32Array(64);
    for (const a of alternatives) {
      const set = a.sets[k] as Uint8Array;
      const words = new Uint32Array(set.buffer, set.byteOffset, 64);
      for (let w = 0; w < 64; w++) union[w] = (union[w] as number) | (words[w] as number);
    }
    sets.push(new Uint8Array(union.buffer));
  }
  const fixed = alternatives.every((a) => a.fixed && a.sets.length === shortest);
  return { sets, fixed };
}

function sequenceSets(s: string, from: number, to: number, flags: Flags): PrefixSets {
  const sets: Uint8Array[] = [];
  let i = from;
  while (i < to && sets.length < MAX_PREFIX) {
    if (s.startsWith('\\b', i)) {
      i += 2;
      continue;
    }
    let item:
      | { readonly sets: readonly Uint8Array[]; readonly fixed: boolean; readonly end: number }
      | undefined;
    if (s[i] === '(') {
      const body = s.startsWith('(?i:', i) ? i + 4 : groupBody(s, i);
      const close = closingParen(s, i);
      if (body === undefined || close === undefined || close >= to) break;
      item = { ...alternativeSets(s, body, close, flags), end: close + 1 };
    } else {
      const one = byteSetAt(s, i, to, flags);
      if (!one) break;
      item = { sets: [one.set], fixed: !one.wide, end: one.end };
    }
    i = item.end;
    const q = quantifierAt(s, i, to);
    if (q.min === 0) break;
    // A piece of unknown length, repeated: only its own first positions are known.
    const times = item.fixed ? q.min : 1;
    for (let t = 0; t < times && sets.length < MAX_PREFIX; t++) sets.push(...item.sets);
    if (!item.fixed || q.min !== q.max) return { sets, fixed: false };
    i = q.end;
  }
  return { sets, fixed: i >= to };
}

const COUNTED = /\{(\d+)(,(\d*))?\}/y;

/** The quantifier at `i` (none: exactly once); max Infinity when unbounded. */
function quantifierAt(s: string, i: number, to: number): { min: number; max: number; end: number } {
  const lazy = (end: number) => (s[end] === '?' ? end + 1 : end);
  if (i >= to) return { min: 1, max: 1, end: i };
  if (s[i] === '?') return { min: 0, max: 1, end: lazy(i + 1) };
  if (s[i] === '*') return { min: 0, max: Infinity, end: lazy(i + 1) };
  if (s[i] === '+') return { min: 1, max: Infinity, end: lazy(i + 1) };
  COUNTED.lastIndex = i;
  const m = COUNTED.exec(s);
  if (!m || i + (m[0] as string).length > to) return { min: 1, max: 1, end: i };
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  return { min, max, end: lazy(i + (m[0] as string).length) };
}

/** `\` before ASCII punctuation is that character (RE2). */
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;
const WORD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';
const DIGITS = '0123456789';
const SPACE = '\t\n\f\r ';

/**
 * The bytes one character at `i` may start with. `wide`: it may be a multi-byte character (`.`,
 * negated classes), so the next positions are not known.
 */
function byteSetAt(
  s: string,
  i: number,
  to: number,
  { fold, dotAll }: Flags,
): { set: Uint8Array; wide: boolean; end: number } | undefined {
  const c = s[i] as string;
  if (c === '.') return { set: negated(dotAll ? '' : '\n'), wide: true, end: i + 1 };
  if (c === '\\') {
    const e = s[i + 1] ?? '';
    const named = escapeClass(e);
    if (named !== undefined) return { set: chars(named, false), wide: false, end: i + 2 };
    const negatedNamed = escapeClass(e.toLowerCase());
    if (negatedNamed !== undefined && e !== e.toLowerCase())
      return { set: negated(negatedNamed), wide: true, end: i + 2 };
    if (PUNCTUATION.test(e)) return { set: chars(e, fold), wide: false, end: i + 2 };
    return undefined;
  }
  if (c === '[') {
    const close = classEnd(s, i);
    if (close === undefined || close >= to) return undefined;
    const negate = s[i + 1] === '^';
    const members = classChars(s, negate ? i + 2 : i + 1, close);
    if (members === undefined) return undefined;
    // A negated class is complemented unfolded: folding would exclude more, and `fold` says only
    // that some part of the pattern folds, not that this class does (a larger set stays correct).
    return negate
      ? { set: negated(members), wide: true, end: close + 1 }
      : { set: chars(members, fold), wide: false, end: close + 1 };
  }
  if (PLAIN.test(c) || c === ' ') return { set: chars(c, fold), wide: false, end: i + 1 };
  return undefined;
}

function escapeClass(e: string): string | undefined {
  return e === 'd' ? DIGITS : e === 'w' ? WORD : e === 's' ? SPACE : undefined;
}

/** The ASCII characters of a class body [from, to), ranges expanded; undefined if not understood. */
function classChars(s: string, from: number, to: number): string | undefined {
  let out = '';
  for (let i = from; i < to; i++) {
    let c = s[i] as string;
    if (c === '\\') {
      const e = s[++i] ?? '';
      const named = escapeClass(e);
      if (named !== undefined) {
        out += named;
        continue;
      }
      if (!PUNCTUATION.test(e)) return undefined;
      c = e;
    } else if (c === '[') return undefined;
    if (c.charCodeAt(0) >= 128) return undefined;
    // A range ending in an escape (`a-\]`) is not expanded here: not understood.
    if (s[i + 1] === '-' && i + 2 < to && s[i + 2] === '\\') return undefined;
    if (s[i + 1] === '-' && i + 2 < to) {
      const last = s[i + 2] as string;
      if (last.charCodeAt(0) >= 128 || last < c) return undefined;
      for (let k = c.charCodeAt(0); k <= last.charCodeAt(0); k++) out += String.fromCharCode(k);
      i += 2;
    } else out += c;
  }
  return out;
}

function chars(members: string, fold: boolean): Uint8Array {
  const set = new Uint8Array(256);
  for (const c of members) {
    set[c.charCodeAt(0)] = 1;
    if (fold) {
      set[c.toLowerCase().charCodeAt(0)] = 1;
      set[c.toUpperCase().charCodeAt(0)] = 1;
    }
  }
  return set;
}

/** Every byte but the members': bytes of multi-byte characters included. */
function negated(members: string): Uint8Array {
  return chars(members, false).map((x) => 1 - x);
}

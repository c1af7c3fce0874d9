/**
 * Necessary conditions of a regex that has no literal to index (`\\[a-z0-9]{1,32}\.[a-z0-9]{1,6}\.[ "']`),
 * so it does not have to run on every value:
 * - `regexMinLength`: no match is shorter (in code points; a UTF-16 or UTF-8 length is at least that);
 * - `regexBigrams`: every match contains one of these two-character strings (lowercase), taken from
 *   two adjacent single-character items that each occur at least once (`\.` then `[ "']`);
 * - `regexRun`: every match contains a run of at least `min` characters of one class
 *   (`[a-fA-F0-9]{64}`), checked by `hasRun` in one pass without calling RE2.
 * Only the top-level sequence is read; groups, alternation, zero-width escapes and large or
 * negated classes are skipped conservatively (they contribute nothing), so both answers are
 * always safe, if sometimes weaker than they could be.
 */

/** One top-level item: the characters it matches (lowercase ASCII; undefined = unknown or many) and its minimum count. */
interface Item {
  readonly chars: string | undefined;
  readonly min: number;
}

/** Classes with more characters than this (after lowercasing) are not worth expanding. */
const MAX_SET = 16;
/** At most this many bigram alternatives for one regex. */
const MAX_BIGRAMS = 16;

const CLASS_ESCAPES: Readonly<Record<string, string>> = {
  d: '0123456789',
  // RE2's \s is [\t\n\f\r ].
  s: '\t\n\f\r ',
  w: '0123456789abcdefghijklmnopqrstuvwxyz_',
};
const CHAR_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f' };
/** Zero-width assertions: they consume nothing and separate their neighbours. */
const ZERO_WIDTH = new Set([...'bBAz']);
/** One character, but one of very many. */
const NEGATED_CLASSES = new Set([...'DSW']);
/** Escapes that are not one known character (code points, Unicode classes, quoting, back-references). */
const OPAQUE_ESCAPES = new Set([...'pPvxuckZGQEC0123456789']);

function lowerSet(chars: string): string | undefined {
  const set = new Set<string>();
  for (const c of chars) {
    if (c.charCodeAt(0) > 127) return undefined;
    set.add(c.toLowerCase());
  }
  return [...set].join('');
}

/** Parses `[...]` starting after `[`; returns the characters (undefined when negated or not plain) and the index of `]`. */
function parseClass(source: string, start: number): { chars: string | undefined; end: number } {
  let i = start;
  let negated = false;
  if (source[i] === '^') {
    negated = true;
    i++;
  }
  let chars = '';
  let plain = !negated;
  let first = true;
  while (i < source.length && (source[i] !== ']' || first)) {
    first = false;
    let c = source[i] as string;
    if (c === '[') plain = false; // [[:alpha:]] and friends
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) return { chars: undefined, end: source.length };
      i += 2;
      if (CLASS_ESCAPES[n] !== undefined) {
        chars += CLASS_ESCAPES[n];
        continue;
      }
      if (OPAQUE_ESCAPES.has(n) || NEGATED_CLASSES.has(n) || ZERO_WIDTH.has(n)) {
        plain = false;
        continue;
      }
      c = CHAR_ESCAPES[n] ?? n;
    } else i++;
    if (source[i] === '-' && source[i + 1] !== undefined && source[i + 1] !== ']') {
      let hi = source[i + 1] as string;
      i += 2;
      if (hi === '\\') {
        const n = source[i];
        i++;
        if (n === undefined || (CHAR_ESCAPES[n] === undefined && /[a-zA-Z0-9]/.test(n))) {
          plain = false;
          continue;
        }
        hi = CHAR_ESCAPES[n] ?? n;
      }
      const from = c.charCodeAt(0);
      const to = hi.charCodeAt(0);
      if (to < from || to - from > 128) plain = false;
      else for (let k = from; k <= to; k++) chars += String.fromCharCode(k);
      continue;
    }
    chars += c;
  }
  return { chars: plain ? lowerSet(chars) : undefined, end: i };
}

/** The top-level items, or undefined when the regex has a top-level alternation. */
function topLevelItems(source: string): Item[] | undefined {
  const items: Item[] = [];
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    let chars: string | undefined;
    if (c === '\\') {
      const n = source[++i];
      if (n === undefined) return undefined;
      if (depth > 0) continue;
      if (CLASS_ESCAPES[n] !== undefined) chars = lowerSet(CLASS_ESCAPES[n]);
      else if (ZERO_WIDTH.has(n)) {
        items.push({ chars: undefined, min: 0 });
        continue;
      } else if (NEGATED_CLASSES.has(n)) chars = undefined;
      // Escapes that span several source characters (\x41, \p{L}, \Q…\E): give up.
      else if (OPAQUE_ESCAPES.has(n)) return undefined;
      else chars = lowerSet(CHAR_ESCAPES[n] ?? n);
    } else if (c === '[') {
      const cls = parseClass(source, i + 1);
      i = cls.end;
      if (depth > 0) continue;
      chars = cls.chars;
    } else if (c === '(') {
      if (depth === 0) items.push({ chars: undefined, min: 0 });
      depth++;
      continue;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      // A quantifier after a group applies to the group: skip it.
      continue;
    } else if (depth > 0) continue;
    else if (c === '|') return undefined;
    else if (c === '^' || c === '$') {
      items.push({ chars: undefined, min: 0 });
      continue;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      // A quantifier after a group (or a literal brace): skipped, so it separates its neighbours.
      if (c === '{') while (i < source.length && source[i] !== '}') i++;
      items.push({ chars: undefined, min: 0 });
      continue;
    } else if (c === '.') chars = undefined;
    else chars = lowerSet(c);
    // The item's quantifier.
    let min = 1;
    let quantified = true;
    const q = source[i + 1];
    if (q === '*' || q === '?') {
      min = 0;
      i++;
    } else if (q === '+') i++;
    else if (q === '{') {
      const close = source.indexOf('}', i + 1);
      const m = close < 0 ? null : /^(\d+)(,\d*)?$/.exec(source.slice(i + 2, close));
      if (m) {
        min = Number(m[1]);
        i = close;
      } else quantified = false;
    } else quantified = false;
    // Lazy marker after a quantifier (`+?`, `{1,3}?`).
    if (quantified && source[i + 1] === '?') i++;
    items.push({ chars, min });
  }
  return items;
}

export function regexMinLength(source: string): number {
  const items = topLevelItems(source);
  if (items === undefined) return 0;
  let n = 0;
  for (const it of items) n += it.min;
  return n;
}

/** Two-character strings one of which every match contains (lowercase), or undefined. */
export function regexBigrams(source: string): string[] | undefined {
  const items = topLevelItems(source);
  if (items === undefined) return undefined;
  let best: string[] | undefined;
  for (let k = 0; k + 1 < items.length; k++) {
    const a = items[k] as Item;
    const b = items[k + 1] as Item;
    if (a.min < 1 || b.min < 1 || a.chars === undefined || b.chars === undefined) continue;
    if (a.chars.length > MAX_SET || b.chars.length > MAX_SET) continue;
    // Case-insensitive RE2 matches `s` with U+017F (ſ), which lowercases to itself, not to `s`:
    // the lowercased value would lack the bigram. (The Kelvin sign lowercases to `k`: no issue.)
    if (a.chars.includes('s') || b.chars.includes('s')) continue;
    if (a.chars.length * b.chars.length > MAX_BIGRAMS) continue;
    if (best !== undefined && a.chars.length * b.chars.length >= best.length) continue;
    const out: string[] = [];
    for (const x of a.chars) for (const y of b.chars) out.push(x + y);
    best = out;
  }
  return best;
}

/** Shorter required runs are not worth a pass of their own. */
const MIN_RUN = 8;

/** A run every match contains: `min` consecutive characters, each in `ascii` (by code) or non-ASCII. */
export interface RegexRun {
  readonly ascii: Uint8Array;
  readonly min: number;
}

/** The longest required run of one ASCII class (both cases), or undefined. */
export function regexRun(source: string): RegexRun | undefined {
  const items = topLevelItems(source);
  if (items === undefined) return undefined;
  let best: Item | undefined;
  for (const it of items)
    if (it.chars !== undefined && it.min >= MIN_RUN && (best === undefined || it.min > best.min)) best = it;
  if (best?.chars === undefined) return undefined;
  const ascii = new Uint8Array(128);
  for (const c of best.chars) {
    ascii[c.charCodeAt(0)] = 1;
    ascii[c.toUpperCase().charCodeAt(0)] = 1;
  }
  return { ascii, min: best.min };
}

/**
 * Does `text` hold `run.min` consecutive characters of the run's class? Non-ASCII characters
 * count as members: case-insensitive RE2 folds some of them onto ASCII letters (K, ſ).
 */
export function hasRun(text: string, run: RegexRun): boolean {
  const { ascii, min } = run;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || ascii[c] === 1) {
      if (++n >= min) return true;
    } else n = 0;
  }
  return false;
}

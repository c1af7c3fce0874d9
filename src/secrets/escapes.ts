import { lastIndexAtMost } from '../core/sorted.ts';

/**
 * Percent-encoding (`%41%4B…`, `p%40ss` in URLs) and `\uXXXX` escapes (JSON, JS, Java strings;
 * also the doubled `\\uXXXX` of JSON inside a string) usually hide only part of a line, so unlike
 * base64 the line is decoded in place: the decoded line keeps its context (`password=` next to the
 * value) and an offset map sends every decoded byte back to the encoded text, so findings point at
 * what is written in the file. Only escapes of printable ASCII are decoded (credentials are ASCII;
 * `%02x` format strings and `%E2%82%AC` text stay as written), as gitleaks' percent decoder does.
 */
export type EscapeKind = 'percent' | 'unicode';

export interface DecodedLine {
  /** Byte offsets of the encoded line in the text. */
  readonly start: number;
  readonly end: number;
  readonly bytes: Buffer;
  /**
   * Offset in the text of decoded byte `i` (the escape's first byte for a decoded escape);
   * `offsetOf(bytes.length)` = `end`.
   */
  offsetOf(i: number): number;
  readonly kinds: readonly EscapeKind[];
}

const MAX_LINES = 500;
const MAX_DECODED = 1024 * 1024;
/** Longer lines (minified bundles) are not decoded: the budget would go to one line. */
const MAX_LINE = 64 * 1024;

const PERCENT = 0x25;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const LOWER_U = 0x75;

/**
 * What the keyword pass looks for to find escapes (a KeywordMatcher sequence group): `%` or `\u00`
 * followed by the first hex digit of a printable ASCII byte (2–7). An occurrence ends at that
 * digit; the escape starts 1 (`%`) or 4 (`\u00`) bytes before. Code is full of `%` (operators,
 * `%s`) and `\u` (non-ASCII text): these occur far less, and the pass finds them for free.
 */
export const ESCAPE_STARTS: readonly Buffer[] = [...'234567'].flatMap((d) => [
  Buffer.from(`%${d}`, 'latin1'),
  Buffer.from(`\\u00${d}`, 'latin1'),
]);

/** Lines of `text` holding at least one decodable escape, decoded; bounded in count and size. */
export function decodeEscapedLines(text: Buffer): DecodedLine[] {
  return decodeEscapedLinesAt(text, escapeStartEnds(text));
}

/**
 * The same from `ends`: where the ESCAPE_STARTS occurrences in `text` end (index of their last
 * byte), ascending, as the keyword pass records them. Extra entries (the pass folds ASCII case,
 * so `\U0041` is one) are checked and dropped.
 */
export function decodeEscapedLinesAt(text: Buffer, ends: ArrayLike<number>): DecodedLine[] {
  const out: DecodedLine[] = [];
  let total = 0;
  let k = 0;
  while (k < ends.length && out.length < MAX_LINES && total < MAX_DECODED) {
    const at = escapeStart(text, ends[k] as number);
    const start = text.lastIndexOf(NEWLINE, at) + 1;
    const newline = text.indexOf(NEWLINE, at);
    const end = newline < 0 ? text.length : newline;
    // Each line is decoded once: every candidate on it is looked at here.
    let decodable = false;
    for (; k < ends.length && (ends[k] as number) < end; k++)
      decodable ||=
        end - start <= MAX_LINE && escapeAt(text, escapeStart(text, ends[k] as number), end) !== undefined;
    if (!decodable) continue;
    const line = decodeLine(text, start, end);
    if (line) {
      out.push(line);
      total += line.bytes.length;
    }
  }
  return out;
}

/** Where the ESCAPE_STARTS occurrence ending at `end` starts. */
function escapeStart(text: Buffer, end: number): number {
  return text[end - 1] === PERCENT ? end - 1 : end - 4;
}

/** ESCAPE_STARTS occurrences found by a plain loop (what decodeEscapedLines starts from). */
function escapeStartEnds(text: Buffer): number[] {
  const ends: number[] = [];
  const firstDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x32 && c <= 0x37;
  for (let i = text.indexOf(PERCENT); i >= 0; i = text.indexOf(PERCENT, i + 1))
    if (firstDigit(text[i + 1])) ends.push(i + 1);
  for (let i = text.indexOf('\\u00', 0, 'latin1'); i >= 0; i = text.indexOf('\\u00', i + 1, 'latin1'))
    if (firstDigit(text[i + 4])) ends.push(i + 4);
  return ends.sort((a, b) => a - b);
}

/**
 * The escape decodeLine decodes at `i` (before `end`): `%XX`, `\u00XX` or `\\u00XX` of a
 * printable ASCII byte, as its byte value and where it ends; undefined otherwise.
 */
function escapeAt(
  text: Buffer,
  i: number,
  end: number,
): { readonly value: number; readonly after: number; readonly kind: EscapeKind } | undefined {
  if (text[i] === PERCENT) {
    const v = hexByte(text, i + 1, end);
    return v !== undefined && v >= 0x20 && v <= 0x7e
      ? { value: v, after: i + 3, kind: 'percent' }
      : undefined;
  }
  if (text[i] !== BACKSLASH) return undefined;
  const u = text[i + 1] === BACKSLASH ? i + 2 : i + 1;
  if (u + 4 >= end || text[u] !== LOWER_U) return undefined;
  const hi = hexByte(text, u + 1, end);
  const lo = hexByte(text, u + 3, end);
  return hi === 0 && lo !== undefined && lo >= 0x20 && lo <= 0x7e
    ? { value: lo, after: u + 5, kind: 'unicode' }
    : undefined;
}

/**
 * The line [start, end) with its escapes decoded, or undefined when it holds none. The stretches
 * between escapes are copied whole and only the escapes' places are recorded (`offsetOf` maps
 * through them): a byte loop here ran unoptimized for most of a scan (V8 optimizes late, then
 * deoptimized it on new paths), at ~15 ns a byte.
 */
function decodeLine(text: Buffer, start: number, end: number): DecodedLine | undefined {
  const bytes = Buffer.allocUnsafe(end - start);
  // Breakpoints (decoded index, text offset), ascending: from each one on, bytes map one to one.
  const decodedAt: number[] = [0];
  const textAt: number[] = [start];
  let n = 0;
  let copied = start;
  let percent = false;
  let unicode = false;
  let nextPercent = text.indexOf(PERCENT, start);
  let nextBackslash = text.indexOf(BACKSLASH, start);
  for (;;) {
    if (nextPercent >= end) nextPercent = -1;
    if (nextBackslash >= end) nextBackslash = -1;
    const i =
      nextPercent < 0
        ? nextBackslash
        : nextBackslash < 0
          ? nextPercent
          : Math.min(nextPercent, nextBackslash);
    if (i < 0) break;
    const found = escapeAt(text, i, end);
    const after = found ? found.after : i + 1;
    if (found) {
      if (found.kind === 'percent') percent = true;
      else unicode = true;
      n += text.copy(bytes, n, copied, i);
      decodedAt.push(n, n + 1);
      textAt.push(i, after);
      bytes[n++] = found.value;
      copied = after;
    }
    if (nextPercent >= 0 && nextPercent < after) nextPercent = text.indexOf(PERCENT, after);
    if (nextBackslash >= 0 && nextBackslash < after) nextBackslash = text.indexOf(BACKSLASH, after);
  }
  if (!percent && !unicode) return undefined;
  n += text.copy(bytes, n, copied, end);
  const kinds: EscapeKind[] = [];
  if (percent) kinds.push('percent');
  if (unicode) kinds.push('unicode');
  return {
    start,
    end,
    bytes: bytes.subarray(0, n),
    offsetOf: (i) => offsetThrough(decodedAt, textAt, i),
    kinds,
  };
}

/** The text offset of decoded byte `i`: through the last breakpoint at or before it. */
function offsetThrough(decodedAt: readonly number[], textAt: readonly number[], i: number): number {
  const lo = lastIndexAtMost(decodedAt, i);
  return (textAt[lo] as number) + (i - (decodedAt[lo] as number));
}

/** The byte written as two hex digits at `i` (both before `end`), else undefined. */
function hexByte(text: Buffer, i: number, end: number): number | undefined {
  if (i + 1 >= end) return undefined;
  const a = hexValue(text[i] as number);
  const b = hexValue(text[i + 1] as number);
  return a < 0 || b < 0 ? undefined : (a << 4) | b;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

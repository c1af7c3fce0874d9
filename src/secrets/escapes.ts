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
  /** `map[i]`: offset in the text of decoded byte i; `map[bytes.length]` = `end`. */
  readonly map: Int32Array;
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

/** Lines of `text` holding at least one decodable unicodeAt, decoded; bounded in count and size. */
export function decodeEscapedLines(text: Buffer): DecodedLine[] {
  const out: DecodedLine[] = [];
  let total = 0;
  let percent = text.indexOf(PERCENT);
  // Only `\u` starts a line worth decoding (other backslashes are everywhere in code).
  let unicodeAt = text.indexOf('\\u', 0, 'latin1');
  while (out.length < MAX_LINES && total < MAX_DECODED) {
    const at = percent < 0 ? unicodeAt : unicodeAt < 0 ? percent : Math.min(percent, unicodeAt);
    if (at < 0) break;
    const start = text.lastIndexOf(NEWLINE, at) + 1;
    const newline = text.indexOf(NEWLINE, at);
    const end = newline < 0 ? text.length : newline;
    if (end - start <= MAX_LINE && hasEscape(text, at, end)) {
      const line = decodeLine(text, start, end);
      if (line) {
        out.push(line);
        total += line.bytes.length;
      }
    }
    // Each line is decoded once: look for the next candidates after it.
    if (percent >= 0 && percent <= end) percent = text.indexOf(PERCENT, end + 1);
    if (unicodeAt >= 0 && unicodeAt <= end) unicodeAt = text.indexOf('\\u', end + 1, 'latin1');
  }
  return out;
}

/**
 * Whether [from, end) holds one escape decodeLine decodes: a cheap look at each `%` and `\u`
 * before a line is copied and mapped. In code most `%` are operators and format strings (`a % b`,
 * `%s`) and most `\u` escape non-ASCII text (`\u00e9`): the decoding was then done for nothing.
 */
function hasEscape(text: Buffer, from: number, end: number): boolean {
  for (let i = text.indexOf(PERCENT, from); i >= 0 && i < end; i = text.indexOf(PERCENT, i + 1)) {
    const v = hexByte(text, i + 1, end);
    if (v !== undefined && v >= 0x20 && v <= 0x7e) return true;
  }
  for (
    let i = text.indexOf('\\u', from, 'latin1');
    i >= 0 && i < end;
    i = text.indexOf('\\u', i + 2, 'latin1')
  ) {
    const lo = hexByte(text, i + 4, end);
    if (hexByte(text, i + 2, end) === 0 && lo !== undefined && lo >= 0x20 && lo <= 0x7e) return true;
  }
  return false;
}

function decodeLine(text: Buffer, start: number, end: number): DecodedLine | undefined {
  const bytes = Buffer.allocUnsafe(end - start);
  const map = new Int32Array(end - start + 1);
  let n = 0;
  let percent = false;
  let unicode = false;
  for (let i = start; i < end; ) {
    const c = text[i] as number;
    if (c === PERCENT) {
      const v = hexByte(text, i + 1, end);
      if (v !== undefined && v >= 0x20 && v <= 0x7e) {
        map[n] = i;
        bytes[n++] = v;
        i += 3;
        percent = true;
        continue;
      }
    } else if (c === BACKSLASH) {
      // `\uXXXX` or `\\uXXXX`.
      const u = text[i + 1] === BACKSLASH ? i + 2 : i + 1;
      if (u + 4 < end && text[u] === LOWER_U) {
        const hi = hexByte(text, u + 1, end);
        const lo = hexByte(text, u + 3, end);
        if (hi === 0 && lo !== undefined && lo >= 0x20 && lo <= 0x7e) {
          map[n] = i;
          bytes[n++] = lo;
          i = u + 5;
          unicode = true;
          continue;
        }
      }
    }
    map[n] = i;
    bytes[n++] = c;
    i++;
  }
  if (!percent && !unicode) return undefined;
  map[n] = end;
  return {
    start,
    end,
    bytes: bytes.subarray(0, n),
    map: map.subarray(0, n + 1),
    kinds: [...(percent ? (['percent'] as const) : []), ...(unicode ? (['unicode'] as const) : [])],
  };
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

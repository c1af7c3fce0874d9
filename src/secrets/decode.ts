/**
 * Finds base64/hex-encoded runs whose decoded bytes are readable text, so a secret hidden in
 * `echo QUtJQ...== | base64 -d` or a hex blob is still found. Bounded: runs per text and total
 * decoded size are capped; callers bound the depth.
 */
export interface EncodedSpan {
  readonly start: number;
  readonly end: number;
  readonly encoding: 'base64' | 'hex';
  readonly decoded: string;
}

const HEX = /^[0-9a-fA-F]+$/;
const MAX_SPANS = 500;
const MAX_DECODED = 1024 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** 1 for base64/base64url/hex alphabet characters (A–Z a–z 0–9 + / _ -). */
export const ENCODED_ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-')
  ENCODED_ALPHABET[c.charCodeAt(0)] = 1;
/** Shorter runs rarely hold a whole credential once decoded. */
export const MIN_ENCODED_RUN = 20;

/** Candidate runs found by a plain loop (the scanner gets them from its keyword pass instead). */
export function encodedSpans(text: string | Buffer): EncodedSpan[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const runs: number[] = [];
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const c = i < bytes.length ? (bytes[i] as number) : 0;
    if (c < 128 && ENCODED_ALPHABET[c] === 1) {
      if (start < 0) start = i;
    } else {
      if (start >= 0 && i - start >= MIN_ENCODED_RUN) runs.push(start, i);
      start = -1;
    }
  }
  return spansFromRuns(bytes, runs);
}

/**
 * Decodes candidate runs ([start, end) byte offsets into the UTF-8 text), keeping those that are
 * readable text. Offsets in the result are byte offsets too.
 */
export function spansFromRuns(bytes: Buffer, runs: readonly number[]): EncodedSpan[] {
  const spans: EncodedSpan[] = [];
  let total = 0;
  for (let r = 0; r < runs.length; r += 2) {
    if (spans.length >= MAX_SPANS || total >= MAX_DECODED) break;
    const start = runs[r] as number;
    const stop = runs[r + 1] as number;
    let end = stop;
    while (end < bytes.length && end - stop < 2 && bytes[end] === 61) end++;
    // Most runs are identifiers (letters, maybe `_`/`-`): rejected from the bytes, no string made.
    if (!mayDecode(bytes, start, end)) continue;
    // The run's bytes are ASCII: latin1 is a byte-for-byte copy.
    const span = decodeRun(bytes.toString('latin1', start, end), start);
    if (span) {
      spans.push(span);
      total += span.decoded.length;
    }
  }
  return spans;
}

/**
 * decodeRun's first checks over the run's bytes (a necessary condition, so skipping a run that
 * fails it changes nothing): hex needs an all-hex run of even length ≥ 32; base64 a digit or one of
 * `+/_=-`, an upper- and a lower-case letter, not all hex, and group heads that printable text
 * gives (mayBeBase64Text). The all-hex check comes first: an identifier fails it at its first
 * non-hex byte; then the group heads, 8 bytes at most, reject nearly every other run (words,
 * hashes); only runs passing both are looked at whole.
 */
export function mayDecode(bytes: Buffer, start: number, end: number): boolean {
  const length = end - start;
  const hex = allHex(bytes, start, end);
  if (hex) return length % 2 === 0 && length >= 32;
  return mayBeBase64Text(bytes, start, end) && base64Mix(bytes, start, end);
}

function allHex(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** A digit or one of `+/_=-`, an upper- and a lower-case letter. */
function base64Mix(bytes: Buffer, start: number, end: number): boolean {
  let mark = false;
  let upper = false;
  let lower = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else mark ||= (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 95 || c === 61 || c === 45;
    if (mark && upper && lower) return true;
  }
  return false;
}

/** One candidate run (its text, start offset) → the span if it decodes to readable text. */
export function decodeRun(run: string, start: number): EncodedSpan | undefined {
  if (HEX.test(run)) {
    if (run.length % 2 !== 0 || run.length < 32) return undefined;
    const text = readable(Buffer.from(run, 'hex'));
    return text === undefined
      ? undefined
      : { start, end: start + run.length, encoding: 'hex', decoded: text };
  }
  // A plain identifier (only letters) is far likelier than base64 of readable text.
  if (!/[0-9+/_=-]/.test(run) || !/[A-Z]/.test(run) || !/[a-z]/.test(run)) return undefined;
  if (!mayBeBase64Text(Buffer.from(run, 'latin1'), 0, run.length)) return undefined;
  const url = run.includes('-') || run.includes('_');
  const text = readable(Buffer.from(run, url ? 'base64url' : 'base64'));
  return text === undefined
    ? undefined
    : { start, end: start + run.length, encoding: 'base64', decoded: text };
}

/**
 * Cheap reject before allocating: the first character of every 4-char base64 group carries the top
 * 6 bits of a byte, and printable ASCII (0x20–0x7E) or UTF-8 lead bytes put it in 'I'..'f' or
 * '0'..'9'/'+'/'/'/'-'/'_' for bytes ≥ 0xC0. Random base64 (hashes) fails within a few groups.
 */
function mayBeBase64Text(run: Uint8Array, start: number, end: number): boolean {
  const groups = Math.min(8, Math.floor((end - start) / 4));
  for (let g = 0; g < groups; g++) {
    const c = run[start + g * 4] as number;
    // 'I'..'Z' (8..25), 'a'..'f' (26..31): bytes 0x20..0x7F; '0'..'9', '+', '/', '-', '_' (52..63): bytes ≥ 0xD0.
    const printable = (c >= 73 && c <= 90) || (c >= 97 && c <= 102);
    const high =
      (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 45 || c === 95 || (c >= 119 && c <= 122);
    if (!printable && !high) return false;
  }
  return true;
}

/** Valid UTF-8 of printable characters (tabs/newlines allowed), else undefined. */
function readable(bytes: Buffer): string | undefined {
  if (bytes.length < 8) return undefined;
  for (const b of bytes) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return undefined;
    if (b === 0x7f) return undefined;
  }
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

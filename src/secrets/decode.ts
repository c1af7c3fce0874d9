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

const CANDIDATE = /[A-Za-z0-9+/_-]{20,}={0,2}/g;
const HEX = /^[0-9a-fA-F]+$/;
const MAX_SPANS = 500;
const MAX_DECODED = 1024 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodedSpans(text: string): EncodedSpan[] {
  const spans: EncodedSpan[] = [];
  let total = 0;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    if (spans.length >= MAX_SPANS || total >= MAX_DECODED) break;
    const run = m[0];
    const span = decodeRun(run, m.index);
    if (span) {
      spans.push(span);
      total += span.decoded.length;
    }
  }
  return spans;
}

function decodeRun(run: string, start: number): EncodedSpan | undefined {
  if (HEX.test(run)) {
    if (run.length % 2 !== 0 || run.length < 32) return undefined;
    const text = readable(Buffer.from(run, 'hex'));
    return text === undefined
      ? undefined
      : { start, end: start + run.length, encoding: 'hex', decoded: text };
  }
  // A plain identifier (only letters) is far likelier than base64 of readable text.
  if (!/[0-9+/_=-]/.test(run) || !/[A-Z]/.test(run) || !/[a-z]/.test(run)) return undefined;
  const url = run.includes('-') || run.includes('_');
  const text = readable(Buffer.from(run, url ? 'base64url' : 'base64'));
  return text === undefined
    ? undefined
    : { start, end: start + run.length, encoding: 'base64', decoded: text };
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

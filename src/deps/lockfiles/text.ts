import { lastIndexAtMost } from '../../core/sorted.ts';
import type { Problem } from './types.ts';

/** Larger lockfiles are refused: nothing legitimate comes close, and parsing costs memory. */
export const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024;
/** JSON/YAML nesting deeper than this is refused before parsing (recursive parsers would overflow). */
export const MAX_NESTING = 64;

/** A problem when the text is over the size limit, else undefined. */
export function tooLarge(file: string, text: string): Problem | undefined {
  // Each UTF-16 unit is at least one byte, so only long texts need the exact byte count.
  if (text.length <= MAX_LOCKFILE_BYTES / 3) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_LOCKFILE_BYTES) return undefined;
  return {
    severity: 'error',
    code: 'E_INPUT_TOO_LARGE',
    kind: 'too-large',
    file,
    message: `${file}: lockfile is too large (${bytes} bytes, limit ${MAX_LOCKFILE_BYTES})`,
  };
}

/** Offsets of each line start, for offset → line lookups. */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    return lastIndexAtMost(this.starts, offset) + 1;
  }
}

/** Splits into lines without the terminators (`\r\n` or `\n`). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/**
 * Offset where bracket nesting (`{`/`[`, outside double-quoted strings) first exceeds `max`, or -1.
 * Cheap pre-check so recursive parsers never see hostile nesting.
 */
export function excessiveBrackets(text: string, max = MAX_NESTING): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  return -1;
}

/** Offset of the first line indented by more than `max` columns (YAML nesting by indentation), or -1. */
export function excessiveIndent(text: string, max = MAX_NESTING * 4): number {
  const re = new RegExp(`(^|\\n)[ \\t]{${max + 1}}`);
  const m = re.exec(text);
  return m ? m.index + (m[1] ?? '').length : -1;
}

/** Last path segment, with `\` treated as a separator too. */
export function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(i + 1);
}

export function dirname(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}

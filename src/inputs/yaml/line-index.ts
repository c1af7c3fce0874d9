import type { Position, SourceRange } from '../../core/location.ts';
import { lastIndexAtMost } from '../../core/sorted.ts';

/**
 * Offset → 1-based line/column. Built once per file from the line starts the lexer already
 * found, so no second scan of the text is needed.
 */
export class LineIndex {
  readonly #starts: readonly number[];

  constructor(lineStarts: readonly number[]) {
    // Kept by reference: a streaming lexer may still be appending to it.
    this.#starts = lineStarts;
  }

  static of(text: string): LineIndex {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return new LineIndex(starts);
  }

  position(offset: number): Position {
    const starts = this.#starts;
    if (starts.length === 0) return { line: 1, column: offset + 1 };
    const lo = lastIndexAtMost(starts, offset);
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  /** Range of `text[start, end)`, ignoring trailing blanks and line breaks the parser counted in. */
  range(text: string, start: number, end: number): SourceRange {
    let e = end;
    while (e > start) {
      const c = text.charCodeAt(e - 1);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      e--;
    }
    return { start: this.position(start), end: this.position(e) };
  }
}

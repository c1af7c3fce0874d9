import { LineCounter } from 'yaml';

/**
 * A rule file's text with offset → line/column conversion and caret excerpts, so every
 * message can point at the exact spot (`file:line:column` + the line + a caret).
 */
export class SourceText {
  readonly file: string;
  readonly text: string;
  readonly lineCounter: LineCounter;
  private lines: string[] | undefined;

  constructor(file: string, text: string, lineCounter: LineCounter = new LineCounter()) {
    this.file = file;
    this.text = text;
    this.lineCounter = lineCounter;
  }

  /** 1-based line and column of a character offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const { line, col } = this.lineCounter.linePos(clamped);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  }

  /** The source line and a caret under `column`, indented for terminal output. */
  excerpt(line: number, column: number): string {
    this.lines ??= this.text.split(/\r?\n/);
    const source = this.lines[line - 1];
    if (source === undefined) return '';
    const gutter = `${line} | `;
    // Tabs stay tabs in the caret line so the caret lines up under the same character.
    const pad = source.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
    return `  ${gutter}${source}\n  ${' '.repeat(gutter.length)}${pad}^`;
  }
}

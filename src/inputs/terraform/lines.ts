import type { SourceRange } from '../../core/location.ts';
import { lastIndexAtMost } from '../../core/sorted.ts';
import type { Span } from './ast.ts';

/**
 * Offsets → 1-based line:column, computed only when a range is asked for. Asking tree-sitter for
 * every node's end position costs a WebAssembly call each; most ranges are never read.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const lo = lastIndexAtMost(this.starts, offset);
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }

  span(start: number, end: number): Span {
    return new LazySpan(this, start, end);
  }
}

class LazySpan implements Span {
  private cached: SourceRange | undefined;

  constructor(
    private readonly lines: LineIndex,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): SourceRange {
    this.cached ??= { start: this.lines.position(this.start), end: this.lines.position(this.end) };
    return this.cached;
  }
}

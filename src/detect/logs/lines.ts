/**
 * Splits streamed text into lines with their 1-based number and byte offset. Chunks may cut a
 * line (or a CRLF) anywhere. A line longer than `maxLine` characters is not buffered: it is
 * reported once and skipped, so one hostile line cannot grow memory without bound.
 */
import type { LogEvent, LogParser, LogProblem, ParseOutput } from './types.ts';

export const DEFAULT_MAX_LINE = 1 << 20;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
const NON_ASCII = /[^\x00-\x7f]/;

export interface LineSink {
  line(text: string, line: number, offset: number): void;
  tooLong(line: number): void;
}

export class LineSplitter {
  private pending = '';
  private pendingBytes = 0;
  private lineNo = 1;
  private offset = 0;
  private skipping = false;

  constructor(private readonly maxLine = DEFAULT_MAX_LINE) {}

  push(chunk: string, sink: LineSink): void {
    // Byte offsets need UTF-8 lengths; an all-ASCII chunk (the common case) skips the counting.
    const ascii = !NON_ASCII.test(chunk);
    const bytes = (s: string): number => (ascii ? s.length : Buffer.byteLength(s));
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      const piece = chunk.slice(start, nl);
      start = nl + 1;
      if (this.skipping) {
        this.offset += bytes(piece) + 1;
        this.skipping = false;
        this.pending = '';
        this.pendingBytes = 0;
        this.lineNo++;
        continue;
      }
      const whole = this.pending === '' ? piece : this.pending + piece;
      const size = this.pendingBytes + bytes(piece);
      this.pending = '';
      this.pendingBytes = 0;
      this.emit(whole, sink);
      this.offset += size + 1;
      this.lineNo++;
    }
    if (start >= chunk.length) return;
    const rest = chunk.slice(start);
    if (this.skipping) {
      this.offset += bytes(rest);
      return;
    }
    this.pending += rest;
    this.pendingBytes += bytes(rest);
    if (this.pending.length > this.maxLine) {
      sink.tooLong(this.lineNo);
      this.offset += this.pendingBytes;
      this.pending = '';
      this.pendingBytes = 0;
      this.skipping = true;
    }
  }

  end(sink: LineSink): void {
    if (this.pending !== '' && !this.skipping) this.emit(this.pending, sink);
    this.pending = '';
    this.pendingBytes = 0;
  }

  private emit(text: string, sink: LineSink): void {
    if (text.length > this.maxLine) {
      sink.tooLong(this.lineNo);
      return;
    }
    sink.line(text.endsWith('\r') ? text.slice(0, -1) : text, this.lineNo, this.offset);
  }
}

/** What a line handler can add to: events found and problems met. */
export interface Collector {
  readonly file: string;
  event(e: LogEvent): void;
  problem(line: number, message: string): void;
}

export interface LineHandler {
  line(text: string, line: number, offset: number, out: Collector): void;
  /** Called once after the last line (formats that merge lines flush here). */
  end?(out: Collector): void;
}

/** A Collector that buffers what one push produces; `take` hands it over and starts afresh. */
export function bufferedCollector(file: string): {
  readonly out: Collector;
  readonly take: () => ParseOutput;
} {
  let events: LogEvent[] = [];
  let problems: LogProblem[] = [];
  const out: Collector = {
    file,
    event: (e) => {
      events.push(e);
    },
    problem: (line, message) => {
      problems.push({ file, line, message });
    },
  };
  const take = (): ParseOutput => {
    const result = { events, problems };
    events = [];
    problems = [];
    return result;
  };
  return { out, take };
}

/** A LogParser over a per-line handler; blank lines are skipped. */
export function lineParser(file: string, handler: LineHandler, maxLine = DEFAULT_MAX_LINE): LogParser {
  const splitter = new LineSplitter(maxLine);
  const { out, take } = bufferedCollector(file);
  const sink: LineSink = {
    line: (text, line, offset) => {
      if (text.trim() === '') return;
      handler.line(text, line, offset, out);
    },
    tooLong: (line) => out.problem(line, `line longer than ${maxLine} characters`),
  };
  return {
    push(chunk) {
      splitter.push(chunk, sink);
      return take();
    },
    end() {
      splitter.end(sink);
      handler.end?.(out);
      return take();
    },
  };
}

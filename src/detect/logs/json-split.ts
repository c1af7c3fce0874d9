/**
 * Streaming splitter for JSON records that are not one per line: concatenated pretty-printed
 * objects (`evtx_dump -o json`), a top-level array of objects, or objects in an array under a
 * top-level key (`{"Records": [...]}`, `{"items": [...]}`). It matches braces while respecting
 * strings and escapes, so chunks may be cut anywhere (even inside `\"`), and it caps the size of
 * one record: a larger record is skipped and reported instead of buffered.
 */
const OPEN_OBJ = 123; // {
const CLOSE_OBJ = 125; // }
const OPEN_ARR = 91; // [
const CLOSE_ARR = 93; // ]
const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

export const DEFAULT_MAX_RECORD = 16 << 20;

export interface JsonRecord {
  readonly text: string;
  readonly line: number;
  readonly offset: number;
}

export interface JsonSink {
  record(r: JsonRecord): void;
  problem(line: number, message: string): void;
}

export class JsonRecordSplitter {
  /** Open containers, outermost first. */
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  private lineNo = 1;
  /** Bytes before the current chunk, and bytes counted inside it up to `markIdx`. */
  private bytes = 0;
  private markIdx = 0;
  /** Stack depth where the record being captured started, or -1. */
  private captureDepth = -1;
  private parts: string[] = [];
  private captureLen = 0;
  private captureLine = 0;
  private captureOffset = 0;
  private overflow = false;
  private lastGarbageLine = 0;
  private lineStart = true;

  constructor(private readonly maxRecord = DEFAULT_MAX_RECORD) {}

  push(chunk: string, sink: JsonSink): void {
    this.markIdx = 0;
    let captureFrom = this.captureDepth >= 0 && !this.overflow ? 0 : -1;
    const stack = this.stack;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) {
        this.lineNo++;
        // JSON strings cannot hold a raw newline: the record was cut short (a truncated line in
        // JSON lines). Drop it and carry on with the next line.
        if (this.inString) {
          this.abandon(sink);
          captureFrom = -1;
        }
        this.lineStart = true;
        continue;
      }
      const col0 = this.lineStart;
      this.lineStart = false;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) {
        if (stack.length === 0) this.garbage(sink);
        else this.inString = true;
      } else if (c === OPEN_OBJ) {
        // `{` in column 0 while a record is open: the open one was truncated (pretty-printers
        // indent nested objects), so resynchronise on the new record.
        // (Not when the `{` may itself start a record: `{"Records": [` followed by `{` lines.)
        if (col0 && this.captureDepth >= 0 && stack.length > this.captureDepth && !this.isRecordStart()) {
          this.abandon(sink);
          captureFrom = -1;
        }
        if (this.isRecordStart()) {
          // A nested record supersedes the container it sits in: `{"Records": [ {…} ]}`.
          this.captureDepth = stack.length;
          this.parts = [];
          this.captureLen = 0;
          this.overflow = false;
          this.captureLine = this.lineNo;
          this.captureOffset = this.byteAt(chunk, i);
          captureFrom = i;
        }
        stack.push(OPEN_OBJ);
      } else if (c === OPEN_ARR) {
        stack.push(OPEN_ARR);
      } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        const open = stack.length > 0 ? stack[stack.length - 1] : undefined;
        if (open === undefined) {
          this.garbage(sink);
          continue;
        }
        if ((c === CLOSE_OBJ) !== (open === OPEN_OBJ)) {
          sink.problem(this.lineNo, `mismatched '${String.fromCharCode(c)}'`);
          this.reset();
          captureFrom = -1;
          continue;
        }
        stack.pop();
        if (c === CLOSE_OBJ && stack.length === this.captureDepth) {
          if (this.overflow) {
            sink.problem(this.captureLine, `record larger than ${this.maxRecord} bytes`);
          } else {
            const piece = chunk.slice(captureFrom, i + 1);
            this.parts.push(piece);
            sink.record({ text: this.parts.join(''), line: this.captureLine, offset: this.captureOffset });
          }
          this.parts = [];
          this.captureLen = 0;
          this.captureDepth = -1;
          this.overflow = false;
          captureFrom = -1;
        }
      } else if (stack.length === 0 && c !== 32 && c !== 9 && c !== 13 && c !== 44 && c !== 0xfeff) {
        this.garbage(sink);
      }
    }
    if (captureFrom >= 0 && this.captureDepth >= 0 && !this.overflow) {
      const piece = chunk.slice(captureFrom);
      this.captureLen += piece.length;
      if (this.captureLen > this.maxRecord) {
        this.overflow = true;
        this.parts = [];
      } else this.parts.push(piece);
    }
    this.bytes += Buffer.byteLength(chunk.slice(this.markIdx));
  }

  end(sink: JsonSink): void {
    if (this.stack.length > 0 || this.inString) {
      sink.problem(this.captureDepth >= 0 ? this.captureLine : this.lineNo, 'truncated JSON at end of input');
    }
    this.reset();
  }

  private isRecordStart(): boolean {
    const s = this.stack;
    return (
      s.length === 0 ||
      (s.length === 1 && s[0] === OPEN_ARR) ||
      (s.length === 2 && s[0] === OPEN_OBJ && s[1] === OPEN_ARR)
    );
  }

  private byteAt(chunk: string, i: number): number {
    this.bytes += Buffer.byteLength(chunk.slice(this.markIdx, i));
    this.markIdx = i;
    return this.bytes;
  }

  private garbage(sink: JsonSink): void {
    if (this.lastGarbageLine === this.lineNo) return;
    this.lastGarbageLine = this.lineNo;
    sink.problem(this.lineNo, 'text outside a JSON object');
  }

  /** Skips the record being read (reported at its first line) and returns to its container. */
  private abandon(sink: JsonSink): void {
    sink.problem(this.captureDepth >= 0 ? this.captureLine : this.lineNo, 'truncated JSON record');
    this.stack.length = Math.max(this.captureDepth, 0);
    this.inString = false;
    this.escaped = false;
    this.captureDepth = -1;
    this.parts = [];
    this.captureLen = 0;
    this.overflow = false;
  }

  private reset(): void {
    this.stack.length = 0;
    this.inString = false;
    this.escaped = false;
    this.captureDepth = -1;
    this.parts = [];
    this.captureLen = 0;
    this.overflow = false;
  }
}

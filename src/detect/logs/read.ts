/**
 * Reads a log stream (file or stdin) as events with bounded memory: gzip is detected by its magic
 * bytes and inflated on the fly, text is decoded as UTF-8 across chunk boundaries, the format is
 * sniffed from the first SNIFF_BYTES (or forced by name), then chunks flow through the parser one
 * at a time. Malformed records go to `onProblem`; nothing here throws on bad content.
 */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { detectFormat, findFormat } from './registry.ts';
import type { LogEvent, LogFormat, LogParser, LogProblem, ParseOutput } from './types.ts';

export const SNIFF_BYTES = 64 * 1024;

export interface ReadOptions {
  /** Name shown in problems and event sources. */
  readonly file: string;
  /** A format, its name, or 'auto' (default). */
  readonly format?: LogFormat | string;
  /** See ParserSource.now. */
  readonly now?: Date;
  readonly onProblem?: (problem: LogProblem) => void;
  /** Told which format was chosen, before the first event. */
  readonly onFormat?: (format: LogFormat) => void;
}

async function* chunksOf(input: AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  for await (const c of input) yield typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
}

/** Raw bytes, inflated when the stream starts with the gzip magic 1f 8b. */
async function* bytes(input: Readable): AsyncGenerator<Buffer> {
  const it = chunksOf(input)[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  let done = false;
  while (head.length < 2) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  const rest = async function* (): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  };
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* rest();
    return;
  }
  const gunzip = createGunzip();
  pipeline(Readable.from(rest()), gunzip, () => {
    // Errors surface when iterating `gunzip` below.
  });
  yield* chunksOf(gunzip);
}

/** Events one at a time (convenient; see readLogBatches when every microsecond counts). */
export async function* readLogs(input: Readable, options: ReadOptions): AsyncGenerator<LogEvent> {
  for await (const batch of readLogBatches(input, options)) yield* batch;
}

/**
 * Events in batches, one per input chunk: an async generator step costs far more than parsing a
 * short line, so hot loops should take whole batches.
 */
export async function* readLogBatches(input: Readable, options: ReadOptions): AsyncGenerator<LogEvent[]> {
  for await (const batch of allBatches(input, options)) if (batch.length > 0) yield batch;
}

async function* allBatches(input: Readable, options: ReadOptions): AsyncGenerator<LogEvent[]> {
  const decoder = new TextDecoder('utf-8');
  const report = (out: ParseOutput): LogEvent[] => {
    for (const p of out.problems) options.onProblem?.(p);
    return out.events;
  };
  const source = { file: options.file, ...(options.now ? { now: options.now } : {}) };
  const forced =
    options.format === undefined || options.format === 'auto'
      ? undefined
      : typeof options.format === 'string'
        ? findFormat(options.format)
        : options.format;
  let parser: LogParser | undefined = forced?.createParser(source);
  if (forced) options.onFormat?.(forced);
  let sniff = '';
  const start = (): LogParser => {
    const format = detectFormat(sniff, options.file);
    options.onFormat?.(format);
    return format.createParser(source);
  };
  try {
    for await (const buf of bytes(input)) {
      const text = decoder.decode(buf, { stream: true });
      if (!parser) {
        sniff += text;
        if (sniff.length < SNIFF_BYTES) continue;
        parser = start();
        yield report(parser.push(sniff));
        sniff = '';
        continue;
      }
      yield report(parser.push(text));
    }
  } catch (error) {
    options.onProblem?.({
      file: options.file,
      line: 0,
      message: `input unreadable from here on (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  const tail = decoder.decode();
  if (!parser) {
    sniff += tail;
    parser = start();
    yield report(parser.push(sniff));
  } else if (tail !== '') yield report(parser.push(tail));
  yield report(parser.end());
}

/**
 * Shapes shared by every log format. A format is a pure parser: it is fed decoded text chunks
 * (any size, split anywhere) and returns events as soon as they are complete. It never holds the
 * whole input, never throws on bad input: malformed records become `problems` and are skipped.
 */
import type { Logsource } from '../types.ts';

/** Where an event starts: file name as given, 1-based line, 0-based byte offset of that line. */
export interface LogSourceRef {
  readonly file: string;
  readonly line: number;
  readonly offset: number;
}

export interface LogEvent {
  /** The event as a nested JSON-like object (what Sigma rules read). */
  readonly fields: Record<string, unknown>;
  readonly source: LogSourceRef;
  /** Event time as ISO 8601 (UTC) when the format carries one. */
  readonly timestamp?: string;
  readonly logsource?: Logsource;
}

/** A malformed record: counted, reported with file:line, skipped. */
export interface LogProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ParseOutput {
  readonly events: LogEvent[];
  readonly problems: LogProblem[];
}

/** A streaming parser: `push` any chunk of text, `end` once to flush what is still buffered. */
export interface LogParser {
  push(chunk: string): ParseOutput;
  end(): ParseOutput;
}

export interface ParserSource {
  readonly file: string;
  /**
   * "Now" for formats whose timestamps omit the year (RFC 3164, auth.log): the year is chosen so
   * the event is not more than a day in the future. Defaults to the wall clock.
   */
  readonly now?: Date;
}

export interface LogFormat {
  /** Stable name used by `--log-format`. */
  readonly name: string;
  readonly description: string;
  /** Confidence 0..1 that `firstBytes` (decoded, possibly cut mid-line) are in this format. */
  sniff(firstBytes: string, path?: string): number;
  createParser(source: ParserSource): LogParser;
}

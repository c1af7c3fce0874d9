/** A LogParser over JsonRecordSplitter: each complete record is parsed and handed to `toEvent`. */
import { DEFAULT_MAX_RECORD, JsonRecordSplitter, type JsonSink } from './json-split.ts';
import type { Collector } from './lines.ts';
import type { LogEvent, LogParser, LogProblem, ParseOutput } from './types.ts';
import { isRecord, parseJson } from './util.ts';

export type RecordHandler = (
  obj: Record<string, unknown>,
  line: number,
  offset: number,
  out: Collector,
) => void;

export function jsonRecordParser(
  file: string,
  toEvent: RecordHandler,
  maxRecord = DEFAULT_MAX_RECORD,
): LogParser {
  const splitter = new JsonRecordSplitter(maxRecord);
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
  const sink: JsonSink = {
    record: (r) => {
      const obj = parseJson(r.text);
      if (!isRecord(obj)) out.problem(r.line, 'malformed JSON object');
      else toEvent(obj, r.line, r.offset, out);
    },
    problem: out.problem,
  };
  const take = (): ParseOutput => {
    const result = { events, problems };
    events = [];
    problems = [];
    return result;
  };
  return {
    push(chunk) {
      splitter.push(chunk, sink);
      return take();
    },
    end() {
      splitter.end(sink);
      return take();
    },
  };
}

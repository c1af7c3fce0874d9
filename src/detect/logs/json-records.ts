/** A LogParser over JsonRecordSplitter: each complete record is parsed and handed to `toEvent`. */
import { DEFAULT_MAX_RECORD, JsonRecordSplitter, type JsonSink } from './json-split.ts';
import { bufferedCollector, type Collector } from './lines.ts';
import type { LogParser } from './types.ts';
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
  const { out, take } = bufferedCollector(file);
  const sink: JsonSink = {
    record: (r) => {
      const obj = parseJson(r.text);
      if (!isRecord(obj)) out.problem(r.line, 'malformed JSON object');
      else toEvent(obj, r.line, r.offset, out);
    },
    problem: out.problem,
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

/**
 * JSON lines (NDJSON): one object per line, kept as is. The event time comes from the usual
 * keys (`@timestamp`, `timestamp`, `time`, `eventTime`, `ts`); logsource is left to the caller.
 */
import { lineParser } from './lines.ts';
import type { LogFormat } from './types.ts';
import { isRecord, parseJson, ref, share, sniffLines, toIso } from './util.ts';

const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'eventTime', 'ts'] as const;

export function eventTime(obj: Record<string, unknown>): string | undefined {
  for (const k of TIME_KEYS) {
    const iso = toIso(obj[k]);
    if (iso !== undefined) return iso;
  }
  return undefined;
}

export const jsonl: LogFormat = {
  name: 'jsonl',
  description: 'JSON lines (one object per line)',
  sniff(firstBytes, path) {
    const lines = sniffLines(firstBytes);
    const objects = share(lines, (l) => isRecord(parseJson(l)));
    if (objects === 0) return /\.(jsonl|ndjson)$/i.test(path ?? '') ? 0.3 : 0;
    return objects * 0.6 + (/\.(jsonl|ndjson)$/i.test(path ?? '') ? 0.1 : 0);
  },
  createParser({ file }) {
    return lineParser(file, {
      line(text, line, offset, out) {
        const obj = parseJson(text);
        if (!isRecord(obj)) {
          out.problem(line, 'not a JSON object');
          return;
        }
        const timestamp = eventTime(obj);
        out.event({ fields: obj, source: ref(file, line, offset), ...(timestamp ? { timestamp } : {}) });
      },
    });
  },
};

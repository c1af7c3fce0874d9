/**
 * Generic JSON objects that are not one per line: pretty-printed, concatenated, or in an array
 * (also under a top-level key, like `{"items": [...]}`). Each object is an event as is; the event
 * time comes from the same keys as JSON lines. Scalars inside a top-level array are ignored.
 */
import { jsonRecordParser } from './json-records.ts';
import { eventTime } from './jsonl.ts';
import type { LogFormat } from './types.ts';
import { ref } from './util.ts';

export const json: LogFormat = {
  name: 'json',
  description: 'JSON objects: pretty-printed, concatenated or in an array',
  sniff(firstBytes, path) {
    const start = firstBytes.replace(/^[\uFEFF\s]+/, '')[0];
    if (start !== '{' && start !== '[') return 0;
    // Below JSON lines (0.6+) when lines parse on their own, above plain text.
    return /\.json$/i.test(path ?? '') ? 0.45 : 0.4;
  },
  createParser({ file }) {
    return jsonRecordParser(file, (obj, line, offset, out) => {
      const timestamp = eventTime(obj);
      out.event({ fields: obj, source: ref(file, line, offset), ...(timestamp ? { timestamp } : {}) });
    });
  },
};

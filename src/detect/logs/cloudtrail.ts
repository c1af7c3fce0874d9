/**
 * AWS CloudTrail: `{"Records": [...]}` files as delivered to S3 (usually gzip; read.ts inflates
 * them), a bare array, or one event per line. Each record is an event as is (rules use dotted
 * paths such as `userIdentity.type`); product aws, service cloudtrail.
 */
import { jsonRecordParser } from './json-records.ts';
import type { LogFormat } from './types.ts';
import { ref, toIso } from './util.ts';

const LOGSOURCE = { product: 'aws', service: 'cloudtrail' } as const;

export const cloudtrail: LogFormat = {
  name: 'cloudtrail',
  description: 'AWS CloudTrail ({"Records": [...]}, arrays or JSON lines; gzip is transparent)',
  sniff(firstBytes, path) {
    const head = firstBytes.slice(0, 8192);
    const records = /"Records"\s*:\s*\[/.test(head);
    const ct = /"eventSource"\s*:\s*"[^"]*\.amazonaws\.com"/.test(head) || /"eventVersion"\s*:/.test(head);
    if (ct && records) return 0.97;
    if (ct) return 0.9;
    if (records) return 0.5;
    return /cloudtrail/i.test(path ?? '') ? 0.3 : 0;
  },
  createParser({ file }) {
    return jsonRecordParser(file, (obj, line, offset, out) => {
      if (typeof obj.eventName !== 'string' && typeof obj.eventSource !== 'string') {
        out.problem(line, 'not a CloudTrail record (no eventName/eventSource)');
        return;
      }
      const timestamp = toIso(obj.eventTime);
      out.event({
        fields: obj,
        source: ref(file, line, offset),
        logsource: LOGSOURCE,
        ...(timestamp ? { timestamp } : {}),
      });
    });
  },
};

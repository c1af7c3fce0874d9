/** Syslog files and streams (RFC 5424 and RFC 3164): header fields + `message`; service syslog. */
import { lineParser } from './lines.ts';
import { looksLikeSyslog, parseSyslogHeader } from './syslog-header.ts';
import type { LogFormat } from './types.ts';
import { ref, share, sniffLines } from './util.ts';

const LOGSOURCE = { product: 'linux', service: 'syslog' } as const;

export const syslog: LogFormat = {
  name: 'syslog',
  description: 'syslog RFC 5424 and RFC 3164 (PRI optional, with or without year)',
  sniff(firstBytes, path) {
    const s = share(sniffLines(firstBytes), looksLikeSyslog);
    return s === 0 ? 0 : s * 0.7 + (/(^|\/)(syslog|messages)(\.\d+)?$/.test(path ?? '') ? 0.1 : 0);
  },
  createParser({ file, now }) {
    const clock = now ?? new Date();
    return lineParser(file, {
      line(text, line, offset, out) {
        const h = parseSyslogHeader(text, clock);
        if (!h) {
          out.problem(line, 'not a syslog line (RFC 5424 or RFC 3164)');
          return;
        }
        out.event({
          fields: h.fields,
          source: ref(file, line, offset),
          logsource: LOGSOURCE,
          ...(h.timestamp ? { timestamp: h.timestamp } : {}),
        });
      },
    });
  },
};

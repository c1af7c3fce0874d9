/**
 * nginx / Apache access logs, Common Log Format and Combined (CLF + "referer" "user-agent"),
 * mapped to the W3C extended field names Sigma's web rules use: c-ip, cs-username, date, time
 * (UTC), cs-method, cs-uri-stem, cs-uri-query, cs-version, sc-status, sc-bytes, cs-referer,
 * cs-user-agent. A `-` (no value) leaves the field absent. Category webserver.
 */
import { lineParser } from './lines.ts';
import type { LogFormat } from './types.ts';
import { ref, share, sniffLines } from './util.ts';

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const LINE = new RegExp(
  `^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] ${QUOTED} (\\d{3}) (\\d+|-)(?: ${QUOTED} ${QUOTED})?(.*)$`,
);
const CLF_TIME =
  /^(\d{2})\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const WEBSERVER = { category: 'webserver' } as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `10/Oct/2000:13:55:36 -0700` → ISO UTC. */
export function clfTime(text: string): string | undefined {
  const m = CLF_TIME.exec(text);
  if (!m) return undefined;
  const [day, , year, h, min, s, zh, zm] = [m[1], m[2], m[3], m[4], m[5], m[6], m[8], m[9]].map(
    Number,
  ) as number[];
  const month = MONTHS.indexOf(m[2] as string);
  const sign = m[7] === '-' ? -1 : 1;
  const local = Date.UTC(year as number, month, day as number, h as number, min as number, s as number);
  const d = new Date(local - sign * ((zh as number) * 60 + (zm as number)) * 60_000);
  if (Number.isNaN(d.getTime()) || (h as number) > 23 || (min as number) > 59 || (s as number) > 60)
    return undefined;
  return d.toISOString();
}

/** nginx writes `"` as `\x22` and control bytes as `\xHH`; Apache also writes `\"` and `\\`. */
function unescapeLog(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_, hex: string | undefined, ch: string | undefined) =>
    hex !== undefined ? String.fromCharCode(Number.parseInt(hex, 16)) : (ch ?? ''),
  );
}

export const access: LogFormat = {
  name: 'access',
  description: 'nginx/Apache access logs (common and combined) as W3C fields',
  sniff(firstBytes) {
    const s = share(sniffLines(firstBytes), (l) => LINE.test(l));
    return s * 0.9;
  },
  createParser({ file }) {
    return lineParser(file, {
      line(text, line, offset, out) {
        const m = LINE.exec(text);
        const timestamp = m ? clfTime(m[4] as string) : undefined;
        if (!m || timestamp === undefined) {
          out.problem(line, 'not a common/combined access log line');
          return;
        }
        const f: Record<string, unknown> = { 'c-ip': m[1] };
        if (m[3] !== '-') f['cs-username'] = m[3];
        f.date = timestamp.slice(0, 10);
        f.time = timestamp.slice(11, 19);
        const request = unescapeLog(m[5] as string);
        const parts = request.split(' ');
        if (parts.length === 3) {
          const [method = '', uri = '', version = ''] = parts;
          f['cs-method'] = method;
          const q = uri.indexOf('?');
          f['cs-uri-stem'] = q < 0 ? uri : uri.slice(0, q);
          if (q >= 0 && q < uri.length - 1) f['cs-uri-query'] = uri.slice(q + 1);
          f['cs-version'] = version;
        } else if (request !== '-') f['cs-request'] = request; // probes, TLS bytes on a plain port…
        f['sc-status'] = Number(m[6]);
        if (m[7] !== '-') f['sc-bytes'] = Number(m[7]);
        if (m[8] !== undefined && m[8] !== '-') f['cs-referer'] = unescapeLog(m[8]);
        if (m[9] !== undefined && m[9] !== '-') f['cs-user-agent'] = unescapeLog(m[9]);
        const extra = (m[10] ?? '').trim();
        if (extra !== '') f.extra = extra;
        out.event({
          fields: f,
          source: ref(file, line, offset),
          timestamp,
          logsource: WEBSERVER,
        });
      },
    });
  },
};

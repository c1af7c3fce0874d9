/**
 * Syslog line headers: RFC 5424 (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`, NILVALUE
 * `-` → field absent, UTF-8 BOM before MSG dropped) and RFC 3164 (`<PRI>Mmm dd hh:mm:ss HOST
 * TAG[pid]: MSG`, PRI optional as in /var/log files, with or without a year, or an RFC 3339
 * timestamp as rsyslog writes today). Shared by the syslog and auth formats.
 */
import { toIso } from './util.ts';

export interface SyslogHeader {
  readonly fields: Record<string, unknown>;
  readonly timestamp?: string;
  /** The free-text message (after the tag). */
  readonly message: string;
  readonly rfc: 5424 | 3164;
}

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const RFC5424 = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) ?(.*)$/s;
const RFC3164 =
  /^(?:<(\d{1,3})>)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2}) (\S+) ?(.*)$/s;
const RFC3339_LINE =
  /^(?:<(\d{1,3})>)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (\S+) ?(.*)$/s;
const TAG = /^([^\s:[\]]{1,64})(?:\[([^\]\s]{0,32})\])?: ?(.*)$/s;

export function looksLikeSyslog(line: string): boolean {
  return RFC5424.test(line) || RFC3164.test(line) || RFC3339_LINE.test(line);
}

function pri(fields: Record<string, unknown>, raw: string | undefined): boolean {
  if (raw === undefined) return true;
  const p = Number(raw);
  if (p > 191) return false; // RFC 5424 §6.2.1: facility 0..23, severity 0..7
  fields.priority = p;
  fields.facility = p >> 3;
  fields.severity = p & 7;
  return true;
}

const nil = (v: string | undefined): v is string => v !== undefined && v !== '-';

/** Parses RFC 5424 STRUCTURED-DATA at the start of `rest`; returns the data and the remainder. */
export function parseStructuredData(
  rest: string,
): { data: Record<string, Record<string, string>>; rest: string } | undefined {
  if (rest === '-' || rest.startsWith('- ')) return { data: {}, rest: rest.slice(2) };
  const data: Record<string, Record<string, string>> = {};
  let i = 0;
  if (rest[0] !== '[') return undefined;
  while (rest[i] === '[') {
    i++;
    const idEnd = rest.slice(i).search(/[ \]]/);
    if (idEnd <= 0) return undefined;
    const id = rest.slice(i, i + idEnd);
    i += idEnd;
    const params: Record<string, string> = data[id] ?? {};
    while (rest[i] === ' ') {
      i++;
      const eq = rest.indexOf('="', i);
      if (eq <= i) return undefined;
      const name = rest.slice(i, eq);
      if (/[\s\]"=]/.test(name)) return undefined;
      i = eq + 2;
      let value = '';
      for (;;) {
        if (i >= rest.length) return undefined;
        const c = rest[i] as string;
        if (c === '\\' && i + 1 < rest.length && '"\\]'.includes(rest[i + 1] as string)) {
          value += rest[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      params[name] = value;
    }
    if (rest[i] !== ']') return undefined;
    i++;
    data[id] = params;
  }
  return { data, rest: rest[i] === ' ' ? rest.slice(i + 1) : rest.slice(i) };
}

/** Year for a yearless timestamp: this year unless that puts it more than a day in the future. */
function inferYear(month: number, day: number, h: number, m: number, s: number, now: Date): number {
  const year = now.getUTCFullYear();
  const t = Date.UTC(year, month, day, h, m, s);
  return t > now.getTime() + 86_400_000 ? year - 1 : year;
}

function splitTag(fields: Record<string, unknown>, text: string): string {
  const tag = TAG.exec(text);
  if (!tag) return text;
  fields.app_name = tag[1];
  if (tag[2] !== undefined && tag[2] !== '') fields.procid = tag[2];
  return tag[3] ?? '';
}

export function parseSyslogHeader(line: string, now: Date): SyslogHeader | undefined {
  const fields: Record<string, unknown> = {};
  let m = RFC5424.exec(line);
  if (m) {
    if (!pri(fields, m[1])) return undefined;
    fields.version = Number(m[2]);
    const [, , , ts, host, app, proc, msgid, rest = ''] = m;
    let timestamp: string | undefined;
    if (nil(ts)) {
      timestamp = toIso(ts);
      if (timestamp === undefined) return undefined;
      fields.time = ts;
    }
    if (nil(host)) fields.hostname = host;
    if (nil(app)) fields.app_name = app;
    if (nil(proc)) fields.procid = proc;
    if (nil(msgid)) fields.msgid = msgid;
    const sd = parseStructuredData(rest);
    if (!sd) return undefined;
    if (Object.keys(sd.data).length > 0) fields.structured_data = sd.data;
    const message = sd.rest.replace(/^\uFEFF/, '');
    fields.message = message;
    return { fields, message, rfc: 5424, ...(timestamp ? { timestamp } : {}) };
  }
  m = RFC3164.exec(line);
  if (m) {
    if (!pri(fields, m[1])) return undefined;
    const month = MONTHS[m[2] as string] as number;
    const [day, h, min, s] = [m[3], m[5], m[6], m[7]].map(Number) as [number, number, number, number];
    const year = m[4] !== undefined ? Number(m[4]) : inferYear(month, day, h, min, s, now);
    const t = Date.UTC(year, month, day, h, min, s);
    const date = new Date(t);
    // Feb 30 and 25:00 are not dates: refuse rather than roll over into the next month.
    if (date.getUTCDate() !== day || h > 23 || min > 59 || s > 60) return undefined;
    fields.time =
      m[4] !== undefined
        ? `${m[2]} ${m[3]} ${m[4]} ${m[5]}:${m[6]}:${m[7]}`
        : `${m[2]} ${m[3]} ${m[5]}:${m[6]}:${m[7]}`;
    fields.hostname = m[8];
    const message = splitTag(fields, m[9] ?? '');
    fields.message = message;
    return { fields, message, rfc: 3164, timestamp: date.toISOString() };
  }
  m = RFC3339_LINE.exec(line);
  if (m) {
    if (!pri(fields, m[1])) return undefined;
    const timestamp = toIso(m[2]);
    if (timestamp === undefined) return undefined;
    fields.time = m[2];
    fields.hostname = m[3];
    const message = splitTag(fields, m[4] ?? '');
    fields.message = message;
    return { fields, message, rfc: 3164, timestamp };
  }
  return undefined;
}

/**
 * Linux audit logs (audit.log, or audisp lines with `node=`): `type=T msg=audit(EPOCH:SERIAL):
 * key=value…`. The records of one event share a serial and are merged into ONE event: `type`
 * lists the record types, a key seen in several records with different values becomes a list
 * (so `a0` matches the EXECVE argument as well as the SYSCALL register), hex-encoded values are
 * decoded, and each record is kept under `records`. An event is emitted at its EOE record, or
 * when more than MAX_OPEN events are pending (records of an event arrive together, so a small
 * window suffices). Product linux, service auditd.
 */
import { type Collector, lineParser } from './lines.ts';
import type { LogFormat } from './types.ts';
import { ref, share, sniffLines } from './util.ts';

const RECORD = /^(?:node=(\S+) )?type=(\S+) msg=audit\((\d+)(?:\.(\d+))?:(\d+)\):\s?(.*)$/s;
const MAX_OPEN = 8;
const LOGSOURCE = { product: 'linux', service: 'auditd' } as const;
/** Fields auditd hex-encodes when the value has spaces, quotes or control characters. */
const HEX_FIELDS = new Set([
  'proctitle',
  'name',
  'cwd',
  'comm',
  'exe',
  'path',
  'data',
  'cmd',
  'acct',
  'ocomm',
  'key',
  'old',
  'new',
  'grp',
]);
const HEX = /^(?:[0-9A-F]{2})+$/;

function decodeHex(hex: string, key: string): string {
  const text = Buffer.from(hex, 'hex').toString('utf8');
  // proctitle separates argv with NUL; several keys are joined with \x01.
  if (key === 'proctitle') return text.replace(/\0+$/, '').replace(/\0/g, ' ');
  return text.replaceAll('\u0001', ',');
}

/** key=value pairs; values are "quoted", 'quoted' (parsed recursively) or bare. */
export function parsePairs(body: string, type: string, out: Record<string, unknown>): void {
  const re = /([\w-]+)=("[^"]*"|'[^']*'|\S*)/g;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    if (m[0].length === 0) re.lastIndex++;
    const key = m[1] as string;
    const raw = m[2] as string;
    if (raw.startsWith("'")) {
      // USER_* records wrap their own pairs: msg='op=PAM:authentication acct="root" res=failed'
      parsePairs(raw.slice(1, -1), type, out);
      continue;
    }
    let value: string = raw;
    if (raw.startsWith('"')) value = raw.slice(1, -1);
    else if ((HEX_FIELDS.has(key) || (type === 'EXECVE' && /^a\d+$/.test(key))) && HEX.test(raw))
      value = decodeHex(raw, key);
    if (!(key in out)) out[key] = value;
  }
}

interface Pending {
  readonly serial: string;
  readonly line: number;
  readonly offset: number;
  readonly timestamp: string;
  readonly records: Record<string, unknown>[];
}

function merge(p: Pending): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const types: string[] = [];
  const byType: Record<string, unknown> = {};
  for (const rec of p.records) {
    const type = rec.type as string;
    if (!types.includes(type)) types.push(type);
    const prev = byType[type];
    byType[type] = prev === undefined ? rec : Array.isArray(prev) ? [...prev, rec] : [prev, rec];
    for (const [k, v] of Object.entries(rec)) {
      if (k === 'type') continue;
      const have = fields[k];
      if (have === undefined) fields[k] = v;
      else if (Array.isArray(have)) {
        if (!have.includes(v)) have.push(v);
      } else if (have !== v) fields[k] = [have, v];
    }
  }
  fields.type = types.length === 1 ? types[0] : types;
  fields.serial = Number(p.serial.slice(p.serial.indexOf(':') + 1));
  fields.records = byType;
  return fields;
}

export const auditd: LogFormat = {
  name: 'auditd',
  description: 'Linux auditd (records merged into one event per serial, hex values decoded)',
  sniff(firstBytes, path) {
    const s = share(sniffLines(firstBytes), (l) => RECORD.test(l));
    return s === 0 ? 0 : s * 0.95 + (/audit\.log/.test(path ?? '') ? 0.04 : 0);
  },
  createParser({ file }) {
    const open = new Map<string, Pending>();
    const emit = (p: Pending, out: Collector): void => {
      open.delete(p.serial);
      out.event({
        fields: merge(p),
        source: ref(file, p.line, p.offset),
        timestamp: p.timestamp,
        logsource: LOGSOURCE,
      });
    };
    return lineParser(file, {
      line(text, line, offset, out) {
        const m = RECORD.exec(text);
        if (!m) {
          out.problem(line, 'not an audit record (type=… msg=audit(…):)');
          return;
        }
        const [, node, type = '', secs = '', millis = '0', serial = '', body = ''] = m;
        // The kernel keys events by time and serial together; the serial alone can repeat.
        const key = `${secs}:${serial}`;
        if (type === 'EOE') {
          const p = open.get(key);
          if (p) emit(p, out);
          return;
        }
        const rec: Record<string, unknown> = { type };
        if (node !== undefined) rec.node = node;
        // Enriched logs (log_format=ENRICHED) append resolved names after a GS (0x1d) byte.
        const gs = body.indexOf('\u001d');
        parsePairs(gs < 0 ? body : body.slice(0, gs), type, rec);
        if (gs >= 0) parsePairs(body.slice(gs + 1), type, rec);
        let p = open.get(key);
        if (!p) {
          const ms = Number(secs) * 1000 + Number(millis.padEnd(3, '0').slice(0, 3));
          const d = new Date(ms);
          if (Number.isNaN(d.getTime())) {
            out.problem(line, 'audit record with an invalid time');
            return;
          }
          p = { serial: key, line, offset, timestamp: d.toISOString(), records: [] };
          open.set(key, p);
          if (open.size > MAX_OPEN) {
            const oldest = open.values().next().value;
            if (oldest) emit(oldest, out);
          }
        }
        // An event with thousands of records (huge EXECVE argv) stays bounded.
        if (p.records.length < 1024) p.records.push(rec);
        else out.problem(line, 'audit event with more than 1024 records (record dropped)');
      },
      end(out) {
        for (const p of [...open.values()]) emit(p, out);
      },
    });
  },
};

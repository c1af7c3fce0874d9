/** Small helpers shared by the format parsers. */
import type { LogSourceRef } from './types.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * RFC 3339 without Date.parse (which dominated syslog profiles): fields read directly, the
 * fraction truncated to milliseconds, the offset applied. Undefined when it is not RFC 3339.
 */
function rfc3339(text: string): string | undefined {
  if (CANONICAL.test(text)) return text;
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as number[];
  if (
    (mo as number) < 1 ||
    (mo as number) > 12 ||
    (h as number) > 23 ||
    (mi as number) > 59 ||
    (s as number) > 60
  )
    return undefined;
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = m[8] as string;
  const offset =
    zone === 'Z' || zone === 'z'
      ? 0
      : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const t = Date.UTC(
    y as number,
    (mo as number) - 1,
    d as number,
    h as number,
    mi as number,
    s as number,
    ms,
  );
  // Feb 30 rolls over in Date.UTC: refuse it as Date.parse does.
  if (new Date(t).getUTCDate() !== d) return undefined;
  const date = new Date(t - offset * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** ISO 8601 (UTC) for a parseable date string or epoch milliseconds, else undefined. */
export function toIso(value: unknown): string | undefined {
  // RFC 3339-shaped text is decided here: Date.parse would roll Feb 30 over into March.
  if (typeof value === 'string' && (CANONICAL.test(value) || RFC3339.test(value))) return rfc3339(value);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function ref(file: string, line: number, offset: number): LogSourceRef {
  return { file, line, offset };
}

/** The first non-blank line of a sniff window (which may end mid-line). */
export function firstLine(firstBytes: string): string {
  const text = firstBytes.replace(/^\uFEFF/, '').replace(/^\s*\n/, '');
  const nl = text.indexOf('\n');
  return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

/** Up to `n` non-blank lines of a sniff window, dropping a last line that may be cut short. */
export function sniffLines(firstBytes: string, n = 10): string[] {
  const lines = firstBytes.replace(/^\uFEFF/, '').split('\n');
  if (lines.length > 1) lines.pop();
  return lines
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, n);
}

/** Share of `lines` matching `re` (0 when there are none). */
export function share(lines: readonly string[], test: (line: string) => boolean): number {
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const l of lines) if (test(l)) hits++;
  return hits / lines.length;
}

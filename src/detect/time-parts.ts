/**
 * Time modifiers (spec appendix §Time): minute/hour/day/week/month/year read from the event's
 * date as written. The spec says they do no timezone conversion, so ISO-like text is read
 * literally; only numeric epochs (seconds or milliseconds) are interpreted, as UTC.
 */

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export const TIME_PARTS: readonly TimePart[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

export function timePart(value: unknown, part: TimePart): number | undefined {
  let y: number;
  let mo: number;
  let d: number;
  let h = 0;
  let mi = 0;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,13}$/.test(value))) {
    const n = Number(value);
    const date = new Date(n < 1e11 ? n * 1000 : n);
    if (Number.isNaN(date.getTime())) return undefined;
    y = date.getUTCFullYear();
    mo = date.getUTCMonth() + 1;
    d = date.getUTCDate();
    h = date.getUTCHours();
    mi = date.getUTCMinutes();
  } else if (typeof value === 'string') {
    const m = ISO.exec(value.trim());
    if (!m) return undefined;
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
    if (m[4] !== undefined) {
      h = Number(m[4]);
      mi = Number(m[5]);
    }
  } else return undefined;
  switch (part) {
    case 'minute':
      return mi;
    case 'hour':
      return h;
    case 'day':
      return d;
    case 'month':
      return mo;
    case 'year':
      return y;
    case 'week':
      return isoWeek(y, mo, d);
  }
}

/** ISO-8601 week number (1–53). */
export function isoWeek(y: number, mo: number, d: number): number {
  const date = new Date(Date.UTC(y, mo - 1, d));
  const dow = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86400000 + 1) / 7);
}

/** Event time for correlations: from `push` meta, else the first present configured event field. */
import type { EventView } from '../event-view.ts';

/** Where common log formats keep their time (ECS, JSON logs, Sysmon, evtx_dump, CloudTrail, k8s audit). */
export const DEFAULT_TIME_FIELDS: readonly string[] = [
  '@timestamp',
  'timestamp',
  'time',
  'UtcTime',
  'TimeCreated',
  'Event.System.TimeCreated.#attributes.SystemTime',
  'Event.System.TimeCreated_attributes.SystemTime',
  'eventTime',
  'requestReceivedTimestamp',
  'date',
];

/**
 * Milliseconds since the epoch, or undefined. Numbers above 10^11 are milliseconds, smaller ones
 * seconds (10^11 s is the year 5138, 10^11 ms is 1973: no real log is ambiguous).
 */
export function toEpochMs(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.getTime() : undefined;
  if (typeof v === 'bigint') return toEpochMs(Number(v));
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return undefined;
    return v >= 1e11 ? v : v * 1000;
  }
  if (typeof v !== 'string' || v === '') return undefined;
  if (/^[0-9]+(\.[0-9]+)?$/.test(v)) return toEpochMs(Number(v));
  // Sysmon's UtcTime is "2024-01-02 03:04:05.678" in UTC without a zone.
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

export function eventTime(ev: EventView, fields: readonly string[]): number | undefined {
  for (const f of fields) {
    const v = ev.get(f);
    if (!v.present || v.raw.length === 0) continue;
    const ms = toEpochMs(v.raw[0]);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

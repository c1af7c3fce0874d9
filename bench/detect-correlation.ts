/**
 * Correlation benchmark: an event_count correlation (gte 3 in 5m, grouped by user) over events
 * spread across `keys` distinct group keys, with the state bounded by `maxGroups` (so the LRU
 * eviction runs on almost every new key). Two figures, both in events per CPU-second:
 * - engine: matches fed straight to the correlation engine (pre-resolved fields);
 * - detector: pre-parsed events pushed through createDetector (rule evaluation, alert, correlation).
 * Prints one JSON line. Usage: tsx bench/detect-correlation.ts [events=2000000] [keys=1000000] [maxGroups=100000]
 */
import { createHash } from 'node:crypto';
import type { Alert, EventRef } from '../src/detect/alert.ts';
import { CorrelationEngine, type FieldLookup } from '../src/detect/correlation/engine.ts';
import { createDetector } from '../src/detect/detector.ts';
import { loadRules } from '../src/detect/load.ts';
import { cpuMs, peakRssMb, printLine } from './measure.ts';

const count = Number(process.argv[2] ?? 2_000_000);
const keys = Number(process.argv[3] ?? 1_000_000);
const maxGroups = Number(process.argv[4] ?? 100_000);

const RULES = `title: failed login
id: failed-id
name: failed_login
logsource: {product: linux, service: sshd}
detection:
  sel: {event: failed_password}
  condition: sel
---
title: brute force
id: brute-id
level: high
correlation:
  type: event_count
  rules: [failed_login]
  group-by: [user]
  timespan: 5m
  condition: {gte: 3}
`;

function alertsHash(found: readonly Alert[][]): string {
  const h = createHash('sha256');
  for (const alerts of found) for (const a of alerts) h.update(`${a.dedupKey}\t${a.event.index}\n`);
  return h.digest('hex').slice(0, 16);
}

// Deterministic keys: a xorshift PRNG so runs are comparable. ~1 ms of event time per event.
const T0 = Date.parse('2026-01-01T00:00:00Z');
const users: string[] = new Array(keys);
for (let i = 0; i < keys; i++) users[i] = `user${i}`;
const order = new Uint32Array(count);
let seed = 0x9e3779b9;
for (let i = 0; i < count; i++) {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  // Every key appears at least once (the first `keys` events walk them all), then random repeats.
  order[i] = i < keys ? i : (seed >>> 0) % keys;
}
const distinct = new Set<number>();
for (let i = 0; i < count; i++) distinct.add(order[i] as number);

const loaded = loadRules([{ file: 'bench.yml', text: RULES }]);
if (loaded.rejected.length > 0 || loaded.correlations.length !== 1)
  throw new Error('bench rules did not load');

// 1. Engine only.
const engine = new CorrelationEngine(loaded.correlations, { maxGroups });
let current = '';
const lookup: FieldLookup = (f) => (f === 'user' ? current : undefined);
// Alerts are kept (few) and hashed after the clock stops: a differential check across versions.
const engineFound: Alert[][] = [];
const c1 = process.cpuUsage();
for (let i = 0; i < count; i++) {
  current = users[order[i] as number] as string;
  const ref: EventRef = { index: i };
  const alerts = engine.match('failed-id', lookup, T0 + i, ref);
  if (alerts.length > 0) engineFound.push(alerts);
}
engineFound.push(engine.flush());
const engineCpu = cpuMs(c1);
const engineAlerts = engineFound.reduce((n, a) => n + a.length, 0);
const engineHash = alertsHash(engineFound);
const engineStats = engine.stats();

// Correlation state after the run (run with node --expose-gc --import tsx for a settled figure).
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapAfterEngineMb = Math.round(process.memoryUsage().heapUsed / 1048576);

// 2. Through the detector (pre-parsed events, one base rule + the correlation): the last million
// events, where keys repeat at random so some groups reach the condition.
const events = new Array(Math.min(count, 1_000_000));
const skip = count - events.length;
for (let i = 0; i < events.length; i++)
  events[i] = {
    event: 'failed_password',
    user: users[order[skip + i] as number],
    '@timestamp': T0 + skip + i,
  };
const detector = createDetector({
  rules: loaded.rules,
  correlations: loaded.correlations,
  options: { logsource: null, correlation: { maxGroups } },
});
const detectorFound: Alert[][] = [];
const c2 = process.cpuUsage();
for (let i = 0; i < events.length; i++) {
  const alerts = detector.push(events[i], { time: T0 + skip + i });
  if (alerts.length > 0) detectorFound.push(alerts);
}
detectorFound.push(detector.flush());
const detectorCpu = cpuMs(c2);
const detectorAlerts = detectorFound.reduce((n, a) => n + a.length, 0);
const ds = detector.stats().correlation;

printLine({
  bench: 'detect-correlation',
  events: count,
  distinctKeys: distinct.size,
  maxGroups,
  engineEventsPerCpuSecond: Math.round((count / engineCpu) * 1000),
  engineCpuMs: Math.round(engineCpu),
  engineAlerts,
  engineAlertsHash: engineHash,
  engineEvictedGroups: engineStats.evictedGroups,
  engineExpiredGroups: engineStats.expiredGroups,
  engineGroupsHeld: engineStats.groups,
  detectorEvents: events.length,
  detectorEventsPerCpuSecond: Math.round((events.length / detectorCpu) * 1000),
  detectorAlerts,
  detectorAlertsHash: alertsHash(detectorFound),
  detectorEvictedGroups: ds?.evictedGroups,
  detectorExpiredGroups: ds?.expiredGroups,
  heapAfterEngineMb,
  gcSettled: gc !== undefined,
  peakRssMb: peakRssMb(),
});

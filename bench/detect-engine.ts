/**
 * Detection engine benchmark: the full SigmaHQ corpus (rules + emerging threats + threat hunting)
 * from ../shared/sigma against generated Sysmon-like events. Prints one JSON line:
 * load+compile time, engine-only events/s (events parsed before the clock starts), end-to-end events/s (NDJSON text
 * → JSON.parse → push → alert JSON lines), alerts, peak RSS.
 * Usage: tsx bench/detect-engine.ts [events=200000] [matchShare=0.01]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector } from '../src/detect/detector.ts';
import { loadRules } from '../src/detect/load.ts';
import { sigmaHqRuleFiles } from '../src/detect/test-support.ts';
import { generateEvents } from './detect-gen.ts';
import { cpuMs, ms, peakRssMb, printLine } from './measure.ts';

/** User + system CPU milliseconds since `start` (includes GC threads, so it is conservative). */
const count = Number(process.argv[2] ?? 200_000);
const matchShare = Number(process.argv[3] ?? 0.01);
const root = path.resolve(import.meta.dirname, '../../shared/sigma');

const files = sigmaHqRuleFiles(root);
const sources = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));

const t0 = process.hrtime.bigint();
const loaded = loadRules(sources);
const loadMs = ms(t0);

// Only the NDJSON text and each event's logsource are kept: the generator's objects would sit
// in the heap through both runs and make every major GC mark them (CPU time the engine would be
// charged for, and peak memory no streaming run has).
const { lines, logsources } = (() => {
  const generated = generateEvents(count, matchShare);
  return {
    lines: generated.map((g) => JSON.stringify(g.event)),
    logsources: generated.map((g) => g.logsource),
  };
})();

// Warm-up (JIT, per-logsource index build, reported separately) on the detectors under test.
const engine = createDetector({ rules: loaded.rules });
const e2e = createDetector({ rules: loaded.rules });
const tw = process.hrtime.bigint();
for (const g of generateEvents(5000, matchShare, 7)) {
  const meta = g.logsource ? { logsource: g.logsource } : undefined;
  engine.push(g.event, meta);
  e2e.push(g.event, meta);
}
const warmUpMs = ms(tw);
const warmEvaluations = engine.stats().evaluations;
const warmEvents = engine.stats().events;

let engineAlerts = 0;
// Differential check: the alerts (rule, dedup key, event) hashed in push order, so an optimisation
// that changes any alert changes `alertsHash` (compare it before/after).
const alertHash = createHash('sha256');
const metas = logsources.map((ls) => (ls ? { logsource: ls } : undefined));
// Engine only: events are parsed (JSON.parse, as a log reader delivers them) in chunks before
// the clock starts for each chunk; only push() is timed. The generator's own objects hold
// concatenated (rope) strings that V8 reads through an indirection on every character, so
// they would measure the generator rather than the engine.
// Batches small enough to die young, like the log reader's batches: a large pre-parsed array
// would be promoted to the old generation and its collection charged to the engine.
const CHUNK = 1_000;
let engineMs = 0;
let engineCpuMs = 0;
for (let from = 0; from < lines.length; from += CHUNK) {
  const parsed = lines.slice(from, from + CHUNK).map((l) => JSON.parse(l) as Record<string, unknown>);
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage();
  const found = [];
  for (let i = 0; i < parsed.length; i++) {
    const alerts = engine.push(parsed[i] as Record<string, unknown>, metas[from + i]);
    engineAlerts += alerts.length;
    if (alerts.length > 0) found.push(alerts);
  }
  engineMs += ms(t1);
  engineCpuMs += cpuMs(c1);
  for (const alerts of found)
    for (const a of alerts) alertHash.update(`${a.ruleId ?? a.ruleFile}\t${a.dedupKey}\t${a.event.index}\n`);
}

let bytesOut = 0;
const t2 = process.hrtime.bigint();
const c2 = process.cpuUsage();
for (let i = 0; i < lines.length; i++) {
  const event = JSON.parse(lines[i] as string) as Record<string, unknown>;
  const ls = logsources[i];
  for (const a of e2e.push(event, { source: 'bench.jsonl', line: i + 1, ...(ls ? { logsource: ls } : {}) })) {
    bytesOut += JSON.stringify(a).length + 1;
  }
}
const e2eMs = ms(t2);
const e2eCpuMs = cpuMs(c2);

printLine({
  bench: 'detect-engine',
  rules: loaded.rules.length,
  rejected: loaded.rejected.length,
  loadCompileMs: loadMs,
  events: count,
  matchShare,
  // Per core: events per CPU-second of this process (the machine is shared, wall time is not).
  engineEventsPerCpuSec: Math.round(count / (engineCpuMs / 1000)),
  endToEndEventsPerCpuSec: Math.round(count / (e2eCpuMs / 1000)),
  engineEventsPerWallSec: Math.round(count / (engineMs / 1000)),
  endToEndEventsPerWallSec: Math.round(count / (e2eMs / 1000)),
  alerts: engineAlerts,
  alertsHash: alertHash.digest('hex').slice(0, 16),
  alertBytes: bytesOut,
  warmUpMs,
  evaluationsPerEvent:
    Math.round(((engine.stats().evaluations - warmEvaluations) / (engine.stats().events - warmEvents)) * 10) /
    10,
  peakRssMb: peakRssMb(),
});

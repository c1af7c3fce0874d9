/**
 * Detection engine memory: the full SigmaHQ corpus (as bench/detect-engine.ts) and a stream of
 * generated events, produced and dropped in batches of 1,000 as a log reader would, so the peak
 * is the engine's own (rules, compiled matchers, per-logsource indexes, memos) and not the
 * benchmark's stored corpus. Prints one JSON line: RSS and heap after load+compile, after the
 * stream, and the process peak. Usage: tsx bench/detect-memory.ts [events=200000] [matchShare=0.01]
 * (run with node --expose-gc --import tsx for settled heap figures).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector } from '../src/detect/detector.ts';
import { loadRules } from '../src/detect/load.ts';
import { sigmaHqRuleFiles } from '../src/detect/test-support.ts';
import { generateEvents } from './detect-gen.ts';
import { peakRssMb, printLine } from './measure.ts';

const count = Number(process.argv[2] ?? 200_000);
const matchShare = Number(process.argv[3] ?? 0.01);
const root = path.resolve(import.meta.dirname, '../../shared/sigma');
const mb = (bytes: number): number => Math.round(bytes / 1048576);
const gc = (globalThis as { gc?: () => void }).gc;

const baseRssMb = mb(process.memoryUsage().rss);
const files = sigmaHqRuleFiles(root);
const loaded = loadRules(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
const detector = createDetector({ rules: loaded.rules });
gc?.();
const afterLoad = process.memoryUsage();

let alerts = 0;
const BATCH = 1_000;
for (let from = 0; from < count; from += BATCH) {
  // Text → JSON.parse, as the log reader delivers events; the batch is garbage after the loop.
  const lines = generateEvents(Math.min(BATCH, count - from), matchShare, 42 + from).map((g) => ({
    line: JSON.stringify(g.event),
    meta: g.logsource ? { logsource: g.logsource } : undefined,
  }));
  for (const { line, meta } of lines) alerts += detector.push(JSON.parse(line), meta).length;
}
gc?.();
const afterStream = process.memoryUsage();

printLine({
  bench: 'detect-memory',
  rules: loaded.rules.length,
  events: count,
  alerts,
  baseRssMb,
  rssAfterLoadMb: mb(afterLoad.rss),
  heapAfterLoadMb: mb(afterLoad.heapUsed),
  rssAfterStreamMb: mb(afterStream.rss),
  heapAfterStreamMb: mb(afterStream.heapUsed),
  peakRssMb: peakRssMb(),
  gcSettled: gc !== undefined,
});

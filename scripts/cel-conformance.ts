/**
 * Summary of the CEL conformance run for docs/cel.md: `npx tsx scripts/cel-conformance.ts`.
 * Prints per-file counts (passed / skipped / failing) and the skip reasons with their counts.
 */
import { runConformance } from '../src/policy/cel/conformance/run.ts';
import { skipReason } from '../src/policy/cel/conformance/skip-list.ts';

const results = runConformance();
const perFile = new Map<string, { passed: number; skipped: number; failing: number }>();
const perReason = new Map<string, number>();
for (const r of results) {
  const file = r.id.split('/')[0] as string;
  const row = perFile.get(file) ?? { passed: 0, skipped: 0, failing: 0 };
  const reason = skipReason(r.id);
  if (reason) {
    row.skipped++;
    perReason.set(reason, (perReason.get(reason) ?? 0) + 1);
  } else if (r.outcome === 'pass') row.passed++;
  else row.failing++;
  perFile.set(file, row);
}
console.log('| file | passed | skipped | failing |\n|---|---|---|---|');
for (const [file, row] of perFile)
  console.log(`| ${file} | ${row.passed} | ${row.skipped} | ${row.failing} |`);
const total = [...perFile.values()].reduce(
  (a, r) => ({ passed: a.passed + r.passed, skipped: a.skipped + r.skipped, failing: a.failing + r.failing }),
  { passed: 0, skipped: 0, failing: 0 },
);
console.log(`| **total (${results.length})** | ${total.passed} | ${total.skipped} | ${total.failing} |\n`);
for (const [reason, n] of [...perReason].sort((a, b) => b[1] - a[1])) console.log(`- ${n}: ${reason}`);

/**
 * Child process of bench/secrets-tree.ts: Rampart's scan of a tree measured the way
 * bench/secrets-secretlint.ts measures secretlint, so the two figures compare: a fresh process,
 * loading (modules, the built-in rules, compiling them) and a one-file warm-up scan timed apart as
 * `startupCpuMs`, then ONE `runScan` over the tree with only the secrets analyzer (walk, read,
 * scan, suppressions) — the first pass over the tree, as a CLI run makes it: JIT, lazily built RE2
 * states and garbage collection included, and V8 tuned as `rampart scan` tunes it
 * (src/cli/v8-tuning.ts; RAMPART_BENCH_V8_DEFAULTS=1 keeps V8's defaults). Prints one JSON line.
 *
 * `npx tsx bench/secrets-rampart.ts DIR [JOBS=1]`
 */
import { warmThenMeasure } from './measure.ts';

const dir = process.argv[2];
const jobs = Number(process.argv[3] ?? '1');
if (!dir || !Number.isInteger(jobs) || jobs < 1) {
  process.stderr.write('usage: secrets-rampart.ts DIR [JOBS]\n');
  process.exit(2);
}

const startupCpu = process.cpuUsage();
const { tuneV8ForBatchRun } = await import('../src/cli/v8-tuning.ts');
const tuned = process.env.RAMPART_BENCH_V8_DEFAULTS !== '1';
if (tuned) tuneV8ForBatchRun();
const { createSecretsAnalyzer } = await import('../src/scan/analyzers/secrets.ts');
const { runScan } = await import('../src/scan/run-scan.ts');
// One analyzer for both runs: the rules are loaded and compiled once, by the warm-up.
const analyzer = createSecretsAnalyzer({ archives: false });
const scan = (root: string) => runScan({ root, target: root, failOn: 'high', jobs, analyzers: [analyzer] });
const { value, wallMs, cpuMs, startupCpuMs } = await warmThenMeasure(startupCpu, scan, dir);
const { result, raw } = value;
process.stdout.write(
  `${JSON.stringify({
    files: raw.facts.filesScanned,
    findings: result.findings.filter((f) => f.analyzer === 'secrets').length,
    wallMs,
    cpuMs,
    startupCpuMs,
    v8: tuned ? 'batch' : 'defaults',
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);

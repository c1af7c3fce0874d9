/**
 * Secrets on a source tree: `npx tsx bench/secrets-tree.ts [MiB=24] [--density F] [--tree PATH]
 * [--jobs N] [--rounds N] [--no-secretlint] [--secretlint-cli]`. Without `--tree`, a generated corpus of MiB with keyword
 * density F (bench/secrets-corpus.ts; 1, the default, is the keyword-dense stress case); with
 * `--tree PATH`, an existing directory scanned in place (MiB = the bytes of the files Rampart
 * collects: text files under --max-file-size, .gitignore honoured). Figures (one JSON line):
 * - engine MiB/s: the scanner over every file, rules loaded, first pass;
 * - `cold`: what the comparison with secretlint uses: Rampart in a child process measured exactly
 *   as secretlint is (bench/secrets-rampart.ts: loading and a one-file warm-up apart, then one
 *   `runScan` with only the secrets analyzer over the tree: walk, read, scan, suppressions);
 * - e2e: the same `runScan` in this process after the engine pass (JIT and RE2 states warm);
 * - secretlint with its recommended preset on the same tree in the same run
 *   (bench/secrets-secretlint.ts; `--secretlint-cli` adds its CLI as shipped, slow on big trees).
 * Ratios are per CPU-second and in wall time; `--rounds N` repeats the cold Rampart / secretlint
 * pair N times in turn and adds each ratio's min / median / max over the rounds (`rounds`). Run
 * under `taskset -c 0` for per-core figures.
 * Target: ≥ 25 MiB/s per core; ≥ 5× secretlint.
 *
 * Wall clock (what a user waits for): `runScan` again with `jobs` N (default: available
 * parallelism; worker threads, src/scan/workers) beside the in-thread run, against secretlint's
 * wall time on the same tree (single-threaded, its loading excluded; Rampart's runs include loading
 * the rules and starting the workers). `workerStart` is one worker's start measured alone: wall
 * to ready, of which building the engine, and the process CPU it cost.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSecretsAnalyzer } from '../src/scan/analyzers/secrets.ts';
import { collect } from '../src/scan/collect/collect.ts';
import { runScan } from '../src/scan/run-scan.ts';
import { ScanPool } from '../src/scan/workers/pool.ts';
import { loadBuiltinSecrets } from '../src/secrets/load.ts';
import { SecretScanner } from '../src/secrets/scanner.ts';
import { cpuMs as cpuUsedMs, ms, peakRssMb, printLine } from './measure.ts';
import { generateSecretsCorpus } from './secrets-corpus.ts';
import { parseTreeArgs } from './secrets-tree-args.ts';

const MiB = 1024 * 1024;
const args = parseTreeArgs(process.argv.slice(2));
const withSecretlint = !args.flags.has('--no-secretlint');
const withSecretlintCli = args.flags.has('--secretlint-cli');
const dir = args.tree ? resolve(args.tree) : mkdtempSync(join(tmpdir(), 'rampart-bench-secrets-'));
try {
  if (!args.tree) generateSecretsCorpus(dir, args.mib * MiB, 7, args.density);

  const loadStart = process.hrtime.bigint();
  const loadCpu = process.cpuUsage();
  const config = loadBuiltinSecrets();
  const scanner = new SecretScanner(config);
  const loadMs = ms(loadStart);
  const loadCpuMs = cpuMs(loadCpu);
  const { files } = await collect({ root: dir });
  // The bytes scanned (for the generated corpus: all of it, every file is text).
  let bytes = 0;
  for (const f of files) bytes += f.bytes?.length ?? Buffer.byteLength(f.content);
  const mib = bytes / MiB;
  // Warm-up on one file (JIT), then the measured pass.
  // The engine gets what the scan pipeline hands it: the bytes read (valid UTF-8), else the text.
  scanner.scan(files[0]?.bytes ?? files[0]?.content ?? '', { path: 'warm' });
  const engineStart = process.hrtime.bigint();
  const engineCpu = process.cpuUsage();
  let found = 0;
  for (const f of files) found += scanner.scan(f.bytes ?? f.content, { path: f.path }).length;
  const engineMs = ms(engineStart);
  // CPU time is the per-core figure on a shared machine (wall time includes waiting for the core).
  const engineCpuMs = cpuMs(engineCpu);

  const e2eStart = process.hrtime.bigint();
  const e2eCpu = process.cpuUsage();
  const { result } = await runScan({
    root: dir,
    target: dir,
    failOn: 'high',
    analyzers: [createSecretsAnalyzer({ archives: false })],
  });
  const e2eMs = ms(e2eStart);
  const e2eCpuMs = cpuMs(e2eCpu);

  const jobs = args.jobs ?? availableParallelism();
  const parStart = process.hrtime.bigint();
  const parCpu = process.cpuUsage();
  const parallel = await runScan({
    root: dir,
    target: dir,
    failOn: 'high',
    jobs,
    analyzers: [createSecretsAnalyzer({ archives: false })],
  });
  const parMs = ms(parStart);
  const parCpuMs = cpuMs(parCpu);
  const workerStart = await measureWorkerStart(config);

  // secretlint in a child process (its own heap and CPU clock): the best-case engine figure
  // always, the CLI as shipped (quadratic profiler, see secrets-secretlint.ts) on request.
  const cold = runChild('secrets-rampart.ts', [dir, '1'], mib);
  const coldJobs = jobs > 1 ? runChild('secrets-rampart.ts', [dir, String(jobs)], mib) : undefined;
  const secretlint = withSecretlint ? runSecretlint(dir, mib, 'engine') : { skipped: true };
  const secretlintCli = withSecretlintCli ? runSecretlint(dir, mib, 'cli') : undefined;
  // More cold pairs, alternating: each round's ratio compares two runs taken seconds apart, so a
  // machine that drifts between runs (this one's speed moved by a third within an hour) shows up
  // as spread, not as a change.
  const pairs = 'cpuMs' in secretlint ? [{ rampart: cold, secretlint }] : [];
  for (let r = 1; r < args.rounds && pairs.length > 0; r++)
    pairs.push({
      rampart: runChild('secrets-rampart.ts', [dir, '1'], mib),
      secretlint: runSecretlint(dir, mib, 'engine'),
    });
  const e2eRate = mib / (e2eMs / 1000);
  printLine({
    bench: 'secrets-tree',
    tree: args.tree ? dir : `generated, keyword density ${args.density}`,
    files: files.length,
    mib: round(mib),
    rules: config.rules.length,
    loadMs,
    loadCpuMs,
    engineMs,
    engineMibPerS: round(mib / (engineMs / 1000)),
    engineCpuMs,
    engineMibPerCpuS: round(mib / (engineCpuMs / 1000)),
    engineFindings: found,
    e2eMs,
    e2eMibPerS: round(e2eRate),
    e2eCpuMs,
    e2eMibPerCpuS: round(mib / (e2eCpuMs / 1000)),
    e2eFindings: result.findings.filter((f) => f.analyzer === 'secrets').length,
    jobs,
    parallelMs: parMs,
    parallelMibPerS: round(mib / (parMs / 1000)),
    parallelCpuMs: parCpuMs,
    parallelFindings: parallel.result.findings.filter((f) => f.analyzer === 'secrets').length,
    workerStart,
    cold,
    ...(coldJobs ? { coldJobs } : {}),
    secretlint,
    ...(secretlintCli
      ? {
          secretlintCli,
          speedupVsSecretlintCli: round(secretlintCli.cpuMs / cold.cpuMs),
        }
      : {}),
    // Per CPU-second, end to end on both sides (walk/glob, read, scan, report), each tool in a
    // fresh process after loading and a one-file warm-up: the first pass over the tree.
    speedupVsSecretlint: 'cpuMs' in secretlint ? round(secretlint.cpuMs / cold.cpuMs) : undefined,
    // The same with loading counted on both sides (modules, rules, compiling them).
    speedupVsSecretlintWithLoad:
      'cpuMs' in secretlint
        ? round((secretlint.cpuMs + secretlint.startupCpuMs) / (cold.cpuMs + cold.startupCpuMs))
        : undefined,
    // Against Rampart's warm in-process run (e2e above): what a long-lived process (watch, LSP) sees.
    speedupVsSecretlintWarm: 'cpuMs' in secretlint ? round(secretlint.cpuMs / e2eCpuMs) : undefined,
    // Wall clock: secretlint's scan time over Rampart's cold run, one thread and with jobs N.
    wallSpeedupVsSecretlint: 'wallMs' in secretlint ? round(secretlint.wallMs / cold.wallMs) : undefined,
    wallSpeedupVsSecretlintJobs:
      'wallMs' in secretlint && coldJobs ? round(secretlint.wallMs / coldJobs.wallMs) : undefined,
    ...(pairs.length > 1
      ? {
          rounds: {
            n: pairs.length,
            rampartCpuMs: spread(pairs.map((p) => p.rampart.cpuMs)),
            secretlintCpuMs: spread(pairs.map((p) => p.secretlint.cpuMs)),
            speedupVsSecretlint: spread(pairs.map((p) => p.secretlint.cpuMs / p.rampart.cpuMs)),
            wallSpeedupVsSecretlint: spread(pairs.map((p) => p.secretlint.wallMs / p.rampart.wallMs)),
          },
        }
      : {}),
    target: '≥ 25 MiB/s per core; ≥ 5× secretlint (per CPU-second)',
    peakRssMb: peakRssMb(),
  });
} finally {
  if (!args.tree) rmSync(dir, { recursive: true, force: true });
}

interface ChildFigures {
  files: number;
  findings: number;
  wallMs: number;
  cpuMs: number;
  startupCpuMs: number;
  mibPerCpuS: number;
}

/** A bench child (secrets-rampart.ts, secrets-secretlint.ts) in its own process: its figures, plus MiB per CPU-second. */
function runChild(script: string, args: readonly string[], mib: number): ChildFigures {
  const tsx = resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const run = spawnSync(tsx, [resolve(import.meta.dirname, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${script} ${args.join(' ')} failed: ${run.stderr || run.error}`);
  const r = JSON.parse(run.stdout) as Omit<ChildFigures, 'mibPerCpuS'>;
  return { ...r, mibPerCpuS: round(mib / (r.cpuMs / 1000)) };
}

function runSecretlint(dir: string, mib: number, mode: 'engine' | 'cli'): ChildFigures & { mode: string } {
  return { mode, ...runChild('secrets-secretlint.ts', [dir, mode], mib) };
}

/** One worker started alone: wall ms to ready, its engine build, and the process CPU in that time. */
async function measureWorkerStart(
  config: unknown,
): Promise<{ readyMs?: number; engineMs?: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const pool = new ScanPool({ size: 1, workerData: { config } });
  // drain() has no batch to wait for: it only throws once the worker died (else this would wait forever).
  while (pool.startTimes()[0]?.readyMs === undefined) {
    await pool.drain();
    await pool.changed();
  }
  const used = cpuMs(cpu);
  await pool.close();
  const times = pool.startTimes()[0] ?? {};
  return { ...times, cpuMs: used };
}

/** CPU milliseconds since `since`, to 0.01 ms like the other figures. */
function cpuMs(since: NodeJS.CpuUsage): number {
  return round(cpuUsedMs(since));
}

/** Min, median and max of per-round figures. */
function spread(values: readonly number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: round(sorted[0] as number), median: round(median), max: round(sorted.at(-1) as number) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

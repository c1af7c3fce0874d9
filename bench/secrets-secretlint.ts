/**
 * Child process of bench/secrets-tree.ts: runs secretlint on a tree the way its CLI does
 * (`secretlint "**\/*"`: glob search, one engine for all files, formatter) and prints one JSON
 * line with its own CPU time, so the comparison is per CPU-second like Rampart's figure. Loading
 * secretlint (a one-file warm-up run) is reported apart as `startupCpuMs`.
 *
 * `npx tsx bench/secrets-secretlint.ts DIR [engine|cli]`
 * - `cli`: secretlint as shipped. Up to 13.0.4 its `@secretlint/profiler` records a
 *   performance mark per rule per file and scans every earlier mark on each one (O(n²) in
 *   files: secretlint/secretlint#1633, #1653), so large trees measure that bug, not the rules.
 * - `engine` (default): the same code path with `secretLintProfiler.mark` turned into a no-op,
 *   which is what the upstream fix (secretlint/secretlint#1673, 13.0.5) does without
 *   `--profile`. 13.x needs Node ≥ 22, so on Node 20 this is the fair, best-case figure.
 */
import { warmThenMeasure } from './measure.ts';

const dir = process.argv[2];
const mode = process.argv[3] ?? 'engine';
if (!dir || (mode !== 'engine' && mode !== 'cli')) {
  process.stderr.write('usage: secrets-secretlint.ts DIR [engine|cli]\n');
  process.exit(2);
}

const startupCpu = process.cpuUsage();
// Loading secretlint (modules, config, preset) is timed apart: Rampart's figure excludes loading
// its rules too, so the ratio compares scanning only. A one-file run does all of it.
const { secretLintProfiler } = await import('@secretlint/profiler');
const { runSecretLint } = await import('secretlint');
if (mode === 'engine') secretLintProfiler.mark = () => {};
const lint = (cwd: string) =>
  runSecretLint({
    cliOptions: { filePathOrGlobList: ['**/*'], cwd },
    engineOptions: {
      cwd,
      configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
      formatter: 'json',
      color: false,
    },
  });
const { value, wallMs, cpuMs, startupCpuMs } = await warmThenMeasure(startupCpu, lint, dir);
const { stdout } = value;
const results = JSON.parse(stdout ?? '[]') as { messages: unknown[] }[];
process.stdout.write(
  `${JSON.stringify({
    mode,
    files: results.length,
    findings: results.reduce((n, r) => n + r.messages.length, 0),
    wallMs,
    cpuMs,
    startupCpuMs,
  })}\n`,
);

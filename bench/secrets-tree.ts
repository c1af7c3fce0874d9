/**
 * Secrets on a source tree: `npx tsx bench/secrets-tree.ts [MiB=24] [--no-secretlint]`.
 * Figures (one JSON line): engine MiB/s (scanner over every file, rules loaded), end-to-end
 * MiB/s (`runScan` with only the secrets analyzer: walk, read, scan), and secretlint with its
 * recommended preset on the same tree in the same run. Run under `taskset -c 0` for per-core figures.
 * Target: ≥ 25 MiB/s per core; ≥ 5× secretlint.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSecretsAnalyzer } from '../src/scan/analyzers/secrets.ts';
import { collect } from '../src/scan/collect/collect.ts';
import { runScan } from '../src/scan/run-scan.ts';
import { loadBuiltinSecrets } from '../src/secrets/load.ts';
import { SecretScanner } from '../src/secrets/scanner.ts';
import { ms, peakRssMb, printLine } from './measure.ts';
import { generateSecretsCorpus } from './secrets-corpus.ts';

const MiB = 1024 * 1024;
const size = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 24);
const withSecretlint = !process.argv.includes('--no-secretlint');
const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-secrets-'));
try {
  const corpus = generateSecretsCorpus(dir, size * MiB);
  const mib = corpus.bytes / MiB;

  const loadStart = process.hrtime.bigint();
  const config = loadBuiltinSecrets();
  const scanner = new SecretScanner(config);
  const loadMs = ms(loadStart);
  const { files } = await collect({ root: dir });
  // Warm-up on one file (JIT), then the measured pass.
  scanner.scan(files[0]?.content ?? '', { path: 'warm' });
  const engineStart = process.hrtime.bigint();
  const engineCpu = process.cpuUsage();
  let found = 0;
  for (const f of files) found += scanner.scan(f.content, { path: f.path }).length;
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

  let secretlint: Record<string, unknown> = { skipped: true };
  if (withSecretlint) {
    writeFileSync(
      join(dir, '.secretlintrc.json'),
      JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }),
    );
    const bin = resolve(import.meta.dirname, '../node_modules/.bin/secretlint');
    const start = process.hrtime.bigint();
    // Exit 1 just means it found something; count the problems it prints (its JSON report would
    // echo every file's content: 24 MiB of output).
    const run = spawnSync(bin, ['**/*', '--secretlintrc', join(dir, '.secretlintrc.json'), '--no-color'], {
      cwd: dir,
      maxBuffer: 256 * MiB,
      encoding: 'utf8',
    });
    const findings = (run.stdout.match(/^\s+\d+:\d+\s+error\b/gm) ?? []).length;
    const status = run.status;
    const slMs = ms(start);
    secretlint = { totalMs: slMs, mibPerS: round(mib / (slMs / 1000)), findings, exit: status };
  }
  const e2eRate = mib / (e2eMs / 1000);
  printLine({
    bench: 'secrets-tree',
    files: corpus.files,
    mib: round(mib),
    rules: config.rules.length,
    loadMs,
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
    secretlint,
    speedupVsSecretlint:
      typeof secretlint.mibPerS === 'number' ? round(e2eRate / (secretlint.mibPerS as number)) : undefined,
    target: '≥ 25 MiB/s per core; ≥ 5× secretlint',
    peakRssMb: peakRssMb(),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return Math.round((d.user + d.system) / 10) / 100;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

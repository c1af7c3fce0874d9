import type { ScanResult } from '../report/reporter.ts';
import type { Analyzer, AnalyzerContext } from './analyzer.ts';
import type { SecretsAnalyzer } from './analyzers/secrets.ts';
import { collect, collectStdin } from './collect/collect.ts';
import { finishScan, type RawScan } from './finish.ts';
import type { ScanOptions } from './options.ts';
import { runAnalyzers } from './run-analyzers.ts';
import { buildBaseline, writeBaseline } from './suppress/baseline.ts';
import { fileMayHoldInlineDirectives } from './suppress/inline.ts';
import { type LoadedSuppressions, loadSuppressions } from './suppress/sources.ts';
import { collectParallel, type ParallelCollectResult } from './workers/collect-parallel.ts';

export interface ScanRun {
  readonly result: ScanResult;
  /** Kept for watch mode, which re-runs only what changed. */
  readonly raw: RawScan;
  readonly suppressions: LoadedSuppressions;
}

/** collect → analyzers (src/scan/analyzers.ts) → suppressions → ScanResult. */
export async function runScan(options: ScanOptions): Promise<ScanRun> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  // A baseline being rewritten is not read: it may not exist yet, and it is replaced anyway.
  const baseline = options.writeBaseline === undefined ? options.baseline : undefined;
  let suppressions = await loadSuppressions(options.root, options.waivers, baseline, options.vex);
  options.onProgress?.({ phase: 'collecting' });
  const collected = await collectFiles(options);
  options.onProgress?.({ phase: 'analyzing', files: collected.filesRead });
  const offloaded = collected.offloaded;
  const secrets = offloaded ? offloadable(options.analyzers) : undefined;
  const analyzed = await runAnalyzers(
    options.analyzers,
    collected.files,
    { root: options.root },
    secrets && offloaded
      ? {
          analyzer: secrets,
          finish: (context: AnalyzerContext) => secrets.analyzeOffloaded(offloaded, context),
        }
      : undefined,
  );
  const raw: RawScan = {
    findings: [...analyzed.findings, ...collected.notices],
    files: collected.files,
    rules: analyzed.rules,
    facts: {
      filesScanned: collected.filesRead,
      filesSkipped: collected.notices.length,
      documents: analyzed.documents,
      rulesEvaluated: analyzed.rulesEvaluated,
    },
    startedAt,
  };
  if (options.writeBaseline !== undefined) {
    // Baseline what inline ignores and waivers leave over, then report as if it had been passed.
    const current = finishScan(raw, options, {
      waivers: suppressions.waivers,
      ...(suppressions.vex ? { vex: suppressions.vex } : {}),
    });
    const baseline = buildBaseline(current.findings, now());
    await writeBaseline(options.writeBaseline, baseline);
    suppressions = { ...suppressions, baseline: new Set(baseline.findings.map((e) => e.fingerprint)) };
  }
  const result = finishScan(raw, options, suppressions);
  options.onProgress?.({ phase: 'done' });
  return { result, raw, suppressions };
}

/**
 * Reads the files. With the secrets analyzer on, files are scanned for secrets as they are read
 * (in this thread, and past `parallelMinBytes` on `jobs - 1` worker threads too) and only the files
 * other analyzers or suppressions need stay in memory (src/scan/workers/collect-parallel.ts).
 */
async function collectFiles(options: ScanOptions): Promise<ParallelCollectResult> {
  if (options.stdin) {
    const one = collectStdin(options.stdin.filename, options.stdin.bytes, options.maxFileSize);
    return { ...one, filesRead: one.files.length };
  }
  const collectOptions = {
    root: options.root,
    ...(options.targets ? { targets: options.targets } : {}),
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {}),
  };
  const secrets = offloadable(options.analyzers);
  if (!secrets) {
    const all = await collect(collectOptions);
    return { ...all, filesRead: all.files.length };
  }
  // Config errors (an invalid .gitleaks.toml) surface here, before any worker starts.
  const config = secrets.workerConfig(options.root);
  const others = options.analyzers.filter((a) => a !== secrets);
  return collectParallel(collectOptions, {
    jobs: options.jobs ?? 1,
    ...(options.parallelMinBytes !== undefined ? { minBytes: options.parallelMinBytes } : {}),
    workerData: () => ({ config }),
    scanHere: (file) => secrets.scanFile(file.text, file.path),
    // Suppressions read inline directives from every file; other analyzers get what they want.
    keep: (file) => fileMayHoldInlineDirectives(file) || others.some((a) => a.wants(file)),
  });
}

/** The analyzer whose per-file work can run on worker threads: secrets. */
function offloadable(analyzers: readonly Analyzer[]): SecretsAnalyzer | undefined {
  return analyzers.find((a): a is SecretsAnalyzer => 'analyzeOffloaded' in a && 'workerConfig' in a);
}

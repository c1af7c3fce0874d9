import type { ScanResult } from '../report/reporter.ts';
import { collect, collectStdin } from './collect/collect.ts';
import { finishScan, type RawScan } from './finish.ts';
import type { ScanOptions } from './options.ts';
import { runAnalyzers } from './run-analyzers.ts';
import { buildBaseline, writeBaseline } from './suppress/baseline.ts';
import { type LoadedSuppressions, loadSuppressions } from './suppress/sources.ts';

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
  const collected = options.stdin
    ? collectStdin(options.stdin.filename, options.stdin.bytes, options.maxFileSize)
    : await collect({
        root: options.root,
        ...(options.targets ? { targets: options.targets } : {}),
        ...(options.include ? { include: options.include } : {}),
        ...(options.exclude ? { exclude: options.exclude } : {}),
        ...(options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {}),
      });
  options.onProgress?.({ phase: 'analyzing', files: collected.files.length });
  const analyzed = await runAnalyzers(options.analyzers, collected.files, { root: options.root });
  const raw: RawScan = {
    findings: [...analyzed.findings, ...collected.notices],
    files: collected.files,
    rules: analyzed.rules,
    facts: {
      filesScanned: collected.files.length,
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

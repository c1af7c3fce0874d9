import type { Finding } from '../core/finding.ts';
import type { RuleMetadata } from '../core/rule.ts';
import type { ScanResult } from '../report/reporter.ts';
import type { ScanFile } from './analyzer.ts';
import type { ScanOptions } from './options.ts';
import { applyRulesConfig } from './rules-config.ts';
import { buildSummary, type SummaryFacts } from './summary.ts';
import { applySuppressions } from './suppress/apply.ts';
import { todayUtc } from './suppress/date.ts';
import type { LoadedSuppressions } from './suppress/sources.ts';
import { RAMPART_VERSION } from './version.ts';

export interface RawScan {
  /** Analyzer findings plus collector notices, before rules config and suppressions. */
  readonly findings: readonly Finding[];
  /**
   * Files for the suppression pass (inline directives): every collected file, or, when worker
   * threads scanned the texts (ScanOptions.jobs), those another analyzer wanted or that contain
   * `rampart:ignore` (no other file can hold a directive).
   */
  readonly files: readonly ScanFile[];
  readonly rules: readonly RuleMetadata[];
  readonly facts: Omit<SummaryFacts, 'durationMs'>;
  readonly startedAt: Date;
}

/** Raw findings → ScanResult: rules config, then the one suppression path, then the summary. */
export function finishScan(
  raw: RawScan,
  options: Pick<ScanOptions, 'target' | 'failOn' | 'rules' | 'now'>,
  suppressions: LoadedSuppressions,
): ScanResult {
  const now = options.now ?? (() => new Date());
  const findings = applyRulesConfig(raw.findings, options.rules);
  const outcome = applySuppressions(findings, {
    files: raw.files,
    waivers: suppressions.waivers,
    ...(suppressions.baseline ? { baseline: suppressions.baseline } : {}),
    ...(suppressions.vex ? { vex: suppressions.vex } : {}),
    today: todayUtc(now()),
  });
  const disabled = new Set(options.rules?.disable ?? []);
  return {
    tool: { name: 'rampart', version: RAMPART_VERSION },
    target: options.target,
    startedAt: raw.startedAt.toISOString(),
    findings: outcome.findings,
    suppressed: outcome.suppressed,
    rules: raw.rules.filter((r) => !disabled.has(r.id)),
    summary: buildSummary(outcome.findings, {
      ...raw.facts,
      durationMs: Math.max(0, now().getTime() - raw.startedAt.getTime()),
    }),
    failOn: options.failOn,
  };
}

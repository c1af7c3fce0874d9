import type { Finding } from '../core/finding.ts';
import { SEVERITIES, type Severity } from '../core/severity.ts';
import type { ScanSummary } from '../report/reporter.ts';

export interface SummaryFacts {
  readonly filesScanned: number;
  readonly filesSkipped: number;
  readonly documents: number;
  readonly rulesEvaluated: number;
  readonly durationMs: number;
}

/** bySeverity counts what is still reported (after suppressions), notices included. */
export function buildSummary(findings: readonly Finding[], facts: SummaryFacts): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  return { ...facts, bySeverity };
}

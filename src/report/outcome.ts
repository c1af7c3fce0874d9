import { compareFindings, type Finding } from '../core/finding.ts';
import { atOrAbove, SEVERITIES, type Severity } from '../core/severity.ts';
import type { ScanResult, SuppressedFinding } from './reporter.ts';

/**
 * Facts every reporter shows the same way (order, fail threshold, suppression counts), computed
 * once here so the table, JSON, SARIF and JUnit outputs can never disagree with each other.
 */

export type SuppressionKind = SuppressedFinding['by'];
export const SUPPRESSION_KINDS: readonly SuppressionKind[] = ['inline', 'waiver', 'vex', 'baseline'];

/** Notices are informational (a skipped file); every other kind can fail the build by severity. */
export function countsTowardFailure(finding: Finding): boolean {
  return finding.kind !== 'notice';
}

/** Unsuppressed findings at or above `--fail-on`: non-empty means the threshold was hit. */
export function failingFindings(result: ScanResult): Finding[] {
  return result.findings.filter((f) => countsTowardFailure(f) && atOrAbove(f.severity, result.failOn));
}

export function thresholdHit(result: ScanResult): boolean {
  return failingFindings(result).length > 0;
}

/**
 * compareFindings, then message and fingerprint: analyzers may finish in any order, and two
 * findings of one rule on one line (two containers in a flow list) must still come out the same
 * way every run.
 */
export function compareFully(a: Finding, b: Finding): number {
  return (
    compareFindings(a, b) || compareText(a.message, b.message) || compareText(a.fingerprint, b.fingerprint)
  );
}

export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFully);
}

export function sortedSuppressed(suppressed: readonly SuppressedFinding[]): SuppressedFinding[] {
  return [...suppressed].sort((a, b) => compareFully(a.finding, b.finding) || compareText(a.by, b.by));
}

export function suppressedCounts(result: ScanResult): Record<SuppressionKind, number> {
  const counts: Record<SuppressionKind, number> = { inline: 0, waiver: 0, vex: 0, baseline: 0 };
  for (const s of result.suppressed) counts[s.by]++;
  return counts;
}

/** Violations by severity, counted from the findings themselves (parse errors and notices apart). */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

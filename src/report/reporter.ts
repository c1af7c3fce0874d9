import type { Finding } from '../core/finding.ts';
import type { RuleMetadata } from '../core/rule.ts';
import type { Severity } from '../core/severity.ts';

/** A finding that was suppressed, and by what: kept so reports can show and count it. */
export interface SuppressedFinding {
  readonly finding: Finding;
  readonly by: 'inline' | 'waiver' | 'vex' | 'baseline';
  readonly reason: string;
  /** Waiver/inline expiry, ISO date. */
  readonly expires?: string;
  readonly owner?: string;
}

export interface ScanSummary {
  readonly filesScanned: number;
  readonly filesSkipped: number;
  readonly documents: number;
  readonly rulesEvaluated: number;
  readonly durationMs: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

/** Everything a reporter may show; built by the scan pipeline after suppressions. */
export interface ScanResult {
  readonly tool: { readonly name: 'rampart'; readonly version: string };
  /** Scan root as given by the user. */
  readonly target: string;
  readonly startedAt: string;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Metadata of every rule that ran (SARIF `tool.driver.rules` and JUnit test cases need them). */
  readonly rules: readonly RuleMetadata[];
  readonly summary: ScanSummary;
  readonly failOn: Severity;
}

export interface ReporterOptions {
  /** Colour and progress only on a TTY. */
  readonly color: boolean;
}

/** One per output format, listed in src/report/registry.ts. Pure: result in, text out. */
export interface Reporter {
  readonly format: string;
  readonly fileExtension: string;
  render(result: ScanResult, options: ReporterOptions): string;
}

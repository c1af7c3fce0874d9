import type { Analyzer } from './analyzer.ts';
import { createPolicyAnalyzer } from './analyzers/policy.ts';

export interface AnalyzerOptions {
  /** Extra policy rule directories (`--policy`, config `policy:`), on top of the built-in rules. */
  readonly policyDirs: readonly string[];
}

/**
 * THE list of analyzers a scan runs, in order. Explicit on purpose (no import side effects):
 * add an analyzer here and nowhere else.
 */
export function createAnalyzers(options: AnalyzerOptions): Analyzer[] {
  return [createPolicyAnalyzer({ policyDirs: options.policyDirs })];
}

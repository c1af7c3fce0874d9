import type { RuleError } from '../core/errors.ts';
import { loadRules } from './load/load-rules.ts';

export interface LintReport {
  readonly rules: number;
  readonly errors: readonly RuleError[];
}

/** Loads rules from the given directories and returns every schema/CEL problem found. */
export async function lintRules(dirs: readonly string[]): Promise<LintReport> {
  const { rules, errors } = await loadRules(dirs);
  return { rules: rules.length, errors };
}

/** `file:line:column: message` followed by the source line and a caret, one block per error. */
export function formatLintReport(report: LintReport): string {
  const blocks = report.errors.map((e) => e.describe());
  blocks.push(
    `${report.rules} rule${report.rules === 1 ? '' : 's'} ok, ${report.errors.length} error${report.errors.length === 1 ? '' : 's'}`,
  );
  return blocks.join('\n');
}

import type { Analyzer } from './analyzer.ts';
import { createDepsAnalyzer, type DepsAnalyzerOptions } from './analyzers/deps.ts';
import { createPolicyAnalyzer } from './analyzers/policy.ts';
import { createSecretsAnalyzer, type SecretsAnalyzerOptions } from './analyzers/secrets.ts';

export interface AnalyzerOptions {
  /** Extra policy rule directories (`--policy`, config `policy:`), on top of the built-in rules. */
  readonly policyDirs: readonly string[];
  /** `--no-policy` sets false; default on. */
  readonly policy?: boolean;
  /** Secrets analyzer options (`--git`, `--secrets-config`…); `false` with `--no-secrets`. Default on. */
  readonly secrets?: SecretsAnalyzerOptions | false;
  /** Dependency analyzer options (`--db`); `false` with `--no-deps`. Default on. */
  readonly deps?: DepsAnalyzerOptions | false;
}

/**
 * THE list of analyzers a scan runs, in order. Explicit on purpose (no import side effects):
 * add an analyzer here and nowhere else.
 */
export function createAnalyzers(options: AnalyzerOptions): Analyzer[] {
  return [
    ...(options.policy === false ? [] : [createPolicyAnalyzer({ policyDirs: options.policyDirs })]),
    ...(options.secrets === false ? [] : [createSecretsAnalyzer(options.secrets ?? {})]),
    ...(options.deps === false ? [] : [createDepsAnalyzer(options.deps ?? {})]),
  ];
}

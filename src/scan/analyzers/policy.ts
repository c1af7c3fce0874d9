import { RuleError } from '../../core/errors.ts';
import type { Finding } from '../../core/finding.ts';
import type { RuleMetadata } from '../../core/rule.ts';
import type { InputParser } from '../../inputs/document.ts';
import { INPUT_PARSERS } from '../../inputs/registry.ts';
import { PolicyEngine } from '../../policy/engine.ts';
import { BUILTIN_RULES_DIR, loadRules } from '../../policy/load/load-rules.ts';
import { PolicySession } from '../../policy/session.ts';
import { initParsers } from '../../policy/testing/run-tests.ts';
import type { CompiledRule } from '../../policy/types.ts';
import type { Analyzer, AnalyzerContext, AnalyzerStats, ScanFile } from '../analyzer.ts';

export interface PolicyAnalyzerOptions {
  /** User policy directories (`--policy`), loaded on top of the built-in rules. */
  readonly policyDirs?: readonly string[];
  /** Load the built-in rules from rules/policy (default true). */
  readonly builtin?: boolean;
  /** Input parsers (default: the registry). */
  readonly parsers?: readonly InputParser[];
  /** Pre-loaded rules (tests, LSP); skips loading from disk. */
  readonly rules?: readonly CompiledRule[];
}

export interface PolicyStats {
  readonly documents: number;
  /** Rules loaded and run. */
  readonly rules: number;
  /** Rule × document evaluations in the last run. */
  readonly evaluations: number;
  readonly violations: number;
  /** Failures not reported because they touch an unknown (unresolvable) value. */
  readonly unknownSuppressed: number;
  readonly evaluationErrors: number;
}

export interface PolicyAnalyzer extends Analyzer {
  /** Loads and compiles rules once; throws RuleError (all problems listed) if a policy is invalid. */
  load(): Promise<readonly CompiledRule[]>;
  /** Metadata of every loaded rule, for SARIF `tool.driver.rules` and JUnit (loads if needed). */
  rules(): Promise<readonly RuleMetadata[]>;
  /** The scan summary's figures of the last analyze call. */
  lastStats(): AnalyzerStats;
  /** All policy figures of the last analyze call. */
  stats(): PolicyStats;
  /** An incremental session (watch mode, LSP): `await session.update(changed, removed)`. */
  session(): Promise<PolicySession>;
}

/**
 * The scan analyzer that glues input parsers and the policy engine: files in, findings out.
 * Parse failures become RMP-PARSE findings; rule failures evaluation-error findings.
 * An invalid user policy is a configuration error and throws (a scan must not silently skip it).
 */
export function createPolicyAnalyzer(options: PolicyAnalyzerOptions = {}): PolicyAnalyzer {
  const parsers = options.parsers ?? INPUT_PARSERS;
  let loading: Promise<PolicyEngine> | undefined;
  let lastStats: PolicyStats = {
    documents: 0,
    rules: 0,
    evaluations: 0,
    violations: 0,
    unknownSuppressed: 0,
    evaluationErrors: 0,
  };

  const load = (): Promise<PolicyEngine> => {
    loading ??= (async () => {
      let rules: readonly CompiledRule[];
      if (options.rules) rules = options.rules;
      else {
        const dirs = [
          ...(options.builtin === false ? [] : [BUILTIN_RULES_DIR]),
          ...(options.policyDirs ?? []),
        ];
        const result = await loadRules(dirs);
        if (result.errors.length > 0) {
          const first = result.errors[0] as RuleError;
          throw new RuleError(
            first.code as 'E_RULE_INVALID' | 'E_RULE_CEL',
            result.errors.map((e) => e.describe()).join('\n'),
            {
              ...(first.file !== undefined ? { file: first.file } : {}),
              ...(first.line !== undefined ? { line: first.line } : {}),
              ...(first.column !== undefined ? { column: first.column } : {}),
            },
          );
        }
        rules = result.rules;
      }
      const problems = await initParsers(parsers);
      if (problems.length > 0) process.emitWarning(problems.join('\n'));
      return new PolicyEngine(rules);
    })();
    return loading;
  };

  return {
    name: 'policy',
    wants(file: ScanFile): boolean {
      return parsers.some((p) => {
        try {
          return p.accepts(file);
        } catch {
          return false;
        }
      });
    },
    async analyze(files: readonly ScanFile[], _context: AnalyzerContext): Promise<readonly Finding[]> {
      const e = await load();
      const session = new PolicySession(e, parsers);
      const findings = session.update(files);
      const s = session.stats();
      lastStats = { ...s, rules: e.rules.length };
      return findings;
    },
    async load() {
      return (await load()).rules;
    },
    async rules() {
      return (await load()).rules;
    },
    lastStats: () => ({ documents: lastStats.documents, rulesEvaluated: lastStats.rules }),
    stats: () => lastStats,
    async session() {
      return new PolicySession(await load(), parsers);
    },
  };
}

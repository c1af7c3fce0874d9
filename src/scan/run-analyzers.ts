import { isRampartError } from '../core/errors.ts';
import type { Finding } from '../core/finding.ts';
import type { RuleMetadata } from '../core/rule.ts';
import type { Analyzer, AnalyzerContext, ScanFile } from './analyzer.ts';
import { scanFinding } from './scan-finding.ts';

const CONFIG_ERRORS = new Set(['E_USAGE', 'E_CONFIG', 'E_RULE_INVALID', 'E_RULE_CEL']);

export interface AnalyzersOutcome {
  readonly findings: Finding[];
  readonly rules: RuleMetadata[];
  readonly documents: number;
  readonly rulesEvaluated: number;
}

/**
 * Hands each analyzer the files it wants. An analyzer that throws despite the contract costs its
 * own findings only: the failure becomes an evaluation-error finding and the scan goes on.
 * Configuration errors (an invalid user rule) are rethrown: the CLI exits 2 naming the file.
 */
export async function runAnalyzers(
  analyzers: readonly Analyzer[],
  files: readonly ScanFile[],
  context: AnalyzerContext,
  /** The analyzer whose files were analyzed as they were read (secrets): `finish` ends its run. */
  offloaded?: {
    readonly analyzer: Analyzer;
    readonly finish: (context: AnalyzerContext) => Promise<readonly Finding[]>;
  },
): Promise<AnalyzersOutcome> {
  const findings: Finding[] = [];
  const rules = new Map<string, RuleMetadata>();
  let documents = 0;
  let rulesEvaluated = 0;
  for (const analyzer of analyzers) {
    const finish = offloaded?.analyzer === analyzer ? offloaded.finish : undefined;
    const wanted = finish ? [] : files.filter((f) => analyzer.wants(f));
    const runs = finish !== undefined || wanted.length > 0 || analyzer.runsWithoutFiles === true;
    try {
      if (finish) findings.push(...(await finish(context)));
      else if (runs) findings.push(...(await analyzer.analyze(wanted, context)));
      for (const rule of (await analyzer.rules?.()) ?? []) rules.set(rule.id, rule);
      const stats = runs ? analyzer.lastStats?.() : undefined;
      documents += stats?.documents ?? 0;
      rulesEvaluated += stats?.rulesEvaluated ?? 0;
    } catch (error) {
      // A broken user policy or config is the user's to fix (exit 2), not a finding to skim past.
      if (isRampartError(error) && CONFIG_ERRORS.has(error.code)) throw error;
      findings.push(analyzerFailure(analyzer.name, error));
    }
  }
  return { findings, rules: [...rules.values()], documents, rulesEvaluated };
}

function analyzerFailure(name: string, error: unknown): Finding {
  const detail = error instanceof Error ? error.message : String(error);
  return scanFinding({
    ruleId: 'RMP-ANALYZER-ERROR',
    title: 'Analyzer failed',
    severity: 'high',
    kind: 'evaluation-error',
    message: `analyzer ${name} failed: ${detail}`,
    why: 'Files this analyzer should have checked were not checked.',
    fix: 'Report this as a bug with the file that triggers it; run with RAMPART_DEBUG=1 for details.',
    key: name,
  });
}

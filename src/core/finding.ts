import type { FrameworkMappings } from './framework.ts';
import type { Location } from './location.ts';
import type { RuleMetadata } from './rule.ts';
import type { Severity } from './severity.ts';

/**
 * violation: a rule did not hold. parse-error: an input could not be read.
 * evaluation-error: a rule failed to evaluate on an input. expired-waiver: a waiver past its date.
 * notice: informational (file skipped for size, etc).
 */
export type FindingKind = 'violation' | 'parse-error' | 'evaluation-error' | 'expired-waiver' | 'notice';

export interface Finding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly kind: FindingKind;
  readonly message: string;
  readonly location: Location;
  readonly why: string;
  readonly fix: string;
  readonly references: readonly string[];
  readonly frameworks: FrameworkMappings;
  readonly tags: readonly string[];
  /** Which analyzer produced it: `policy`, `secrets`, `deps`… */
  readonly analyzer: string;
  /** Stable across unrelated edits; feeds baselines and the server's dedup. */
  readonly fingerprint: string;
}

/** Fields a finding copies from the rule that raised it. */
export function ruleFields(
  rule: RuleMetadata,
): Pick<Finding, 'ruleId' | 'title' | 'severity' | 'why' | 'fix' | 'references' | 'frameworks' | 'tags'> {
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    why: rule.why,
    fix: rule.fix,
    references: rule.references,
    frameworks: rule.frameworks,
    tags: rule.tags,
  };
}

/** Deterministic order for every report: file, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location.file ?? '';
  const fb = b.location.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.location.range?.start.line ?? 0;
  const lb = b.location.range?.start.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location.range?.start.column ?? 0;
  const cb = b.location.range?.start.column ?? 0;
  if (ca !== cb) return ca - cb;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

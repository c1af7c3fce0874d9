import type { Finding } from '../core/finding.ts';
import type { RulesConfig } from './config/types.ts';

/**
 * `rules.disable` drops a rule's findings entirely (they are not "suppressed": the rule is off);
 * `rules.severity` re-grades them. Applied before suppressions so --fail-on sees the new grade.
 */
export function applyRulesConfig(findings: readonly Finding[], rules: RulesConfig | undefined): Finding[] {
  if (!rules) return [...findings];
  const disabled = new Set(rules.disable);
  const out: Finding[] = [];
  for (const f of findings) {
    if (disabled.has(f.ruleId)) continue;
    const severity = Object.hasOwn(rules.severity, f.ruleId) ? rules.severity[f.ruleId] : undefined;
    out.push(severity && severity !== f.severity ? { ...f, severity } : f);
  }
  return out;
}

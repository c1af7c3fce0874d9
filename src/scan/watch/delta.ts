import type { Finding } from '../../core/finding.ts';

export interface FindingsDelta {
  readonly added: readonly Finding[];
  readonly fixed: readonly Finding[];
}

/**
 * New and fixed findings between two reports, matched by fingerprint (which ignores line
 * numbers), so editing lines above a finding does not show it as fixed and re-added.
 */
export function diffFindings(before: readonly Finding[], after: readonly Finding[]): FindingsDelta {
  const key = (f: Finding) => `${f.fingerprint}\u0000${f.ruleId}`;
  const remaining = new Map<string, number>();
  for (const f of before) remaining.set(key(f), (remaining.get(key(f)) ?? 0) + 1);
  const added: Finding[] = [];
  for (const f of after) {
    const n = remaining.get(key(f)) ?? 0;
    if (n > 0) remaining.set(key(f), n - 1);
    else added.push(f);
  }
  const fixed: Finding[] = [];
  for (const f of before) {
    const n = remaining.get(key(f)) ?? 0;
    if (n > 0) {
      fixed.push(f);
      remaining.set(key(f), n - 1);
    }
  }
  return { added, fixed };
}

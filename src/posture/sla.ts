import type { Severity } from '../core/severity.ts';

/** Days to fix a finding, by severity, counted from first seen; null = no SLA. */
export type SlaPolicy = Readonly<Record<Severity, number | null>>;

export const DEFAULT_SLA: SlaPolicy = { critical: 7, high: 30, medium: 90, low: 180, info: null };

const DAY_MS = 86_400_000;

export function slaDueAt(policy: SlaPolicy, severity: Severity, firstSeenAt: string): string | null {
  const days = policy[severity];
  if (days === null) return null;
  return new Date(Date.parse(firstSeenAt) + days * DAY_MS).toISOString();
}

/** Overdue: still needs work and its due time has passed. Excepted and fixed findings are never overdue. */
export function isOverdue(status: string, due: string | null, now: Date): boolean {
  return (
    due !== null &&
    (status === 'new' || status === 'open' || status === 'reopened') &&
    due < now.toISOString()
  );
}

/** Reads `{critical: 7, …}` overrides; rejects non-integer or negative days, naming the severity. */
export function slaPolicy(overrides: Partial<Record<Severity, number | null>> = {}): SlaPolicy {
  const policy: Record<Severity, number | null> = { ...DEFAULT_SLA };
  for (const [severity, days] of Object.entries(overrides) as Array<[Severity, number | null | undefined]>) {
    if (!(severity in DEFAULT_SLA)) throw new Error(`SLA: unknown severity ${JSON.stringify(severity)}`);
    if (days === undefined) continue;
    if (days !== null && (!Number.isInteger(days) || days < 0 || days > 3650))
      throw new Error(`SLA: ${severity} must be a whole number of days between 0 and 3650, or null`);
    policy[severity] = days;
  }
  return policy;
}

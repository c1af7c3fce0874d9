import type { FrameworkMappings } from '../core/framework.ts';
import type { Severity } from '../core/severity.ts';

/** The lifecycle of a finding (docs/findings-lifecycle.md). */
export const FINDING_STATUSES = ['new', 'open', 'fixed', 'reopened', 'waived', 'risk-accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Statuses that still need work: they count as open in posture, trends and SLA views. */
export const ACTIVE_STATUSES: readonly FindingStatus[] = ['new', 'open', 'reopened'];
/** Statuses under an exception (waiver or accepted risk). */
export const EXCEPTED_STATUSES: readonly FindingStatus[] = ['waived', 'risk-accepted'];

export function isFindingStatus(value: unknown): value is FindingStatus {
  return typeof value === 'string' && (FINDING_STATUSES as readonly string[]).includes(value);
}

/** Who acts: `person:<id>`, `token:<id>` or `system`, and the roles they hold for the object's team. */
export interface Actor {
  readonly id: string;
  readonly roles: readonly string[];
}

export const SYSTEM_ACTOR: Actor = { id: 'system', roles: [] };

/** A service as posture needs it. */
export interface ServiceRef {
  readonly id: string;
  readonly name: string;
  readonly teamId: string;
}

/** Rule metadata an upload carries; drives the framework control view. */
export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly frameworks: FrameworkMappings;
}

/** One finding of an upload, already validated. */
export interface UploadedFinding {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly analyzer: string;
  readonly file?: string;
  readonly line?: number;
  /** The finding as the report had it (message, why, fix, references, frameworks…). */
  readonly data: Readonly<Record<string, unknown>>;
}

/** A validated upload: one scan of one service at one commit. */
export interface Upload {
  readonly service: string;
  readonly commit?: string;
  readonly branch?: string;
  /** Scan root as the report names it; findings are fixed only by full scans of the same target. */
  readonly target: string;
  /** false = a partial scan (some files or analyzers only): it never marks anything fixed. */
  readonly full: boolean;
  /** Analyzers the scan declares it ran in full: absent findings of theirs are fixed even if their rule is not listed. */
  readonly analyzers: readonly string[];
  /** Rules the scan evaluated. */
  readonly rules: readonly RuleInfo[];
  readonly findings: readonly UploadedFinding[];
  /** Fingerprints suppressed in the repository (inline, waiver file, baseline): seen, never fixed. */
  readonly suppressed: readonly string[];
}

export interface UploadSummary {
  readonly uploadId: string;
  readonly serviceId: string;
  readonly received: number;
  readonly new: number;
  readonly open: number;
  readonly reopened: number;
  readonly fixed: number;
  readonly unchanged: number;
}

/** A stored finding with its lifecycle fields. */
export interface PostureFinding {
  readonly id: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly teamId: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly title: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly analyzer: string;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly fixedAt: string | null;
  readonly slaDueAt: string | null;
}

export interface FindingEvent {
  readonly id: string;
  readonly findingId: string;
  readonly at: string;
  readonly actor: string;
  readonly kind: string;
  readonly from: FindingStatus | null;
  readonly to: FindingStatus | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Exception {
  readonly id: string;
  readonly kind: 'waiver' | 'risk-acceptance';
  readonly findingId: string;
  readonly reason: string;
  readonly owner: string;
  readonly status: string;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
}

import type { Severity } from '../core/severity.ts';
import type { RequestStatus } from './request-repository.ts';
import type {
  Exception,
  FindingEvent,
  FindingStatus,
  PostureFinding,
  RuleInfo,
  ServiceRef,
} from './types.ts';

/** What an upload needs to know of a stored finding to decide its next status. */
export interface FindingState {
  readonly id: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly analyzer: string;
  readonly scopeTarget: string;
  readonly status: FindingStatus;
  readonly severity: Severity;
  readonly firstSeenAt: string;
  readonly slaDueAt: string | null;
}

/** A finding row to insert, or (same service + fingerprint) to refresh; refresh keeps id and first-seen. */
export interface FindingWrite {
  readonly id: string;
  readonly serviceId: string;
  readonly teamId: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly title: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly analyzer: string;
  readonly scopeTarget: string;
  readonly uploadId: string;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly slaDueAt: string | null;
  readonly data: string;
}

export interface UploadRecord {
  readonly id: string;
  readonly serviceId: string;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly target: string;
  readonly full: boolean;
  readonly rules: readonly string[];
  readonly analyzers: readonly string[];
  readonly actor: string;
  readonly at: string;
  readonly summary: Readonly<Record<string, number>>;
}

export interface NewException extends Omit<Exception, 'status'> {
  readonly serviceId: string;
  readonly ruleId: string;
}

/** Operations valid while the per-service lock is held (one transaction). */
export interface ServiceTransaction {
  findingsOf(serviceId: string): Promise<FindingState[]>;
  findingsByIds(ids: readonly string[]): Promise<FindingState[]>;
  /** Inserts new fingerprints, refreshes known ones (status, last seen, severity, data…). */
  writeFindings(rows: readonly FindingWrite[]): Promise<void>;
  /** Sets status (and fixed_at when `fixed`, clears it otherwise) on findings of this service. */
  setStatus(ids: readonly string[], status: FindingStatus, at: string): Promise<void>;
  insertEvents(events: readonly FindingEvent[]): Promise<void>;
  insertUpload(upload: UploadRecord): Promise<void>;
  upsertRules(rules: readonly RuleInfo[], at: string): Promise<void>;
  recordServiceRules(serviceId: string, ruleIds: readonly string[], at: string): Promise<void>;
  insertExceptions(exceptions: readonly NewException[]): Promise<void>;
  /** Ends the approved exceptions of these findings (status `revoked` or `expired`). */
  closeExceptions(findingIds: readonly string[], status: 'revoked' | 'expired', at: string): Promise<void>;
  /**
   * Recounts the service's posture counters (what counts and trends read) after its findings
   * changed, and records the day's open counts for the service and its team. Call it last in
   * every transaction that changes findings, so the counters commit with the change.
   */
  recount(service: ServiceRef, day: string): Promise<void>;
  /** Sets the team of the service's findings and exception requests (its owner changed); recount after. */
  moveToTeam(serviceId: string, teamId: string): Promise<void>;
  /**
   * The conditional `from` → `to` move of an exception request (as
   * ExceptionRequestRepository.transition), in this transaction: an approval commits with the
   * waiver it applies, or neither does.
   */
  transitionRequest(
    id: string,
    from: RequestStatus,
    to: RequestStatus,
    decision: { by: string | null; at: string | null; note: string | null },
  ): Promise<boolean>;
}

export interface ListFilter {
  readonly serviceIds?: readonly string[];
  readonly teamIds?: readonly string[];
  readonly severities?: readonly Severity[];
  readonly statuses?: readonly FindingStatus[];
  readonly ruleIds?: readonly string[];
  /** Only findings past their SLA due time at `now` (and still active). */
  readonly overdueAt?: string;
}

export const SORTS = ['severity', 'newest', 'oldest', 'due'] as const;
export type FindingSort = (typeof SORTS)[number];

export interface ListPage {
  readonly limit: number;
  readonly after?: string;
  readonly sort: FindingSort;
}

/** A list page as JSON text: each item is one finding as the API shows it, `overdue` included. */
export interface ListJsonPage {
  readonly items: readonly string[];
  readonly next?: string;
}

export const GROUPS = ['team', 'service', 'severity', 'rule', 'status'] as const;
export type CountGroup = (typeof GROUPS)[number];

export interface CountRow {
  readonly key: string;
  readonly count: number;
}

/**
 * How much the open findings of one severity changed on one day, summed over the series in scope
 * (teams, or services when filtered by service); days before a trend window fold into its start.
 */
export interface TrendChange {
  readonly day: string;
  readonly severity: Severity;
  readonly change: number;
}

/** Per service and rule: was the rule evaluated, and how many findings of it are active/excepted. */
export interface RuleResultRow {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly teamId: string;
  readonly ruleId: string;
  readonly lastEvaluatedAt: string;
  readonly active: number;
  readonly excepted: number;
}

export interface ExpiredException {
  readonly findingId: string;
  readonly serviceId: string;
}

/**
 * What the posture service needs from storage. Declared here and implemented in src/store
 * (PostureStoreRepository), so this service depends on nothing outward (docs/architecture.md).
 */
export interface PostureRepository {
  serviceByName(name: string): Promise<ServiceRef | undefined>;
  serviceById(id: string): Promise<ServiceRef | undefined>;
  /**
   * Runs `work` in one transaction holding the service's exclusive lock: uploads and decisions on
   * one service are serialised across processes and replicas; commits when `work` resolves.
   */
  withServiceLock<T>(serviceId: string, work: (tx: ServiceTransaction) => Promise<T>): Promise<T>;
  findingById(id: string): Promise<(PostureFinding & { data: string }) | undefined>;
  eventsOf(findingId: string): Promise<FindingEvent[]>;
  exceptionsOf(findingId: string): Promise<Exception[]>;
  list(filter: ListFilter, page: ListPage): Promise<{ items: PostureFinding[]; next?: string }>;
  /** The same page as `list`, each finding as the API's JSON with `overdue` at `overdueAt`. */
  listJson(filter: ListFilter, page: ListPage, overdueAt: string): Promise<ListJsonPage>;
  count(group: CountGroup, filter: ListFilter): Promise<CountRow[]>;
  rules(): Promise<RuleInfo[]>;
  ruleResults(ruleIds: readonly string[]): Promise<RuleResultRow[]>;
  /**
   * Per day in [fromDay, toDay] and severity, the change of the open count summed over the series
   * in scope; rows dated before fromDay sum to the count the window starts from. Series are teams,
   * or services when `serviceIds` is given; a series keeps its last value on days it has none.
   */
  trendChanges(
    fromDay: string,
    toDay: string,
    filter: { serviceIds?: readonly string[]; teamIds?: readonly string[] },
  ): Promise<TrendChange[]>;
  /** Approved exceptions whose expiry is at or before `now`. */
  expiredExceptions(now: string): Promise<ExpiredException[]>;
}

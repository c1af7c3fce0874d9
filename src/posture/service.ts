import { createHash, randomUUID } from 'node:crypto';
import type { AuditEvent } from '../audit/entry.ts';
import { FRAMEWORKS, type FrameworkId, isFrameworkId } from '../core/framework.ts';
import { SEVERITIES, type Severity } from '../core/severity.ts';
import { PostureError } from './errors.ts';
import { type EvidenceRow, evidenceCsv } from './evidence.ts';
import { canTakeException, statusWhenSeen } from './lifecycle.ts';
import type {
  CountGroup,
  CountRow,
  FindingState,
  FindingWrite,
  ListFilter,
  ListJsonPage,
  ListPage,
  PostureRepository,
  ServiceTransaction,
} from './repository.ts';
import { DEFAULT_SLA, isOverdue, type SlaPolicy, slaDueAt } from './sla.ts';
import type {
  Actor,
  Exception,
  FindingEvent,
  FindingStatus,
  PostureFinding,
  ServiceRef,
  Upload,
  UploadSummary,
} from './types.ts';
import { SYSTEM_ACTOR } from './types.ts';

/**
 * Where state changes are recorded (src/audit AuditLog in production). `append` inside a store
 * transaction (e.g. withServiceLock) joins it; `transaction` opens one for a change and the
 * entries it records, appended at its end (see AuditLog).
 */
export interface PostureAuditSink {
  append(event: AuditEvent): Promise<unknown>;
  transaction<T>(change: (record: (event: AuditEvent) => void) => Promise<T>): Promise<T>;
}

export interface ExceptOptions {
  /**
   * Runs first in the transaction that writes the exception (once per service touched); if it
   * throws, nothing is written. An approval moves its request here, so the decision and the
   * waiver commit together or not at all.
   */
  readonly within?: (tx: ServiceTransaction) => Promise<void>;
}

export interface PostureServiceOptions {
  readonly sla?: SlaPolicy;
  /** Injectable clock for tests. */
  readonly now?: () => Date;
}

export interface ExceptionRequest {
  readonly reason: string;
  /** Waivers: who owns the exception (defaults to the actor). */
  readonly owner?: string;
  /** ISO 8601; required for waivers, optional for risk acceptance. */
  readonly expiresAt?: string;
}

export interface FindingDetail extends PostureFinding {
  readonly overdue: boolean;
  readonly message: string | null;
  readonly why: string | null;
  readonly fix: string | null;
  readonly references: readonly string[];
  readonly frameworks: Readonly<Record<string, readonly string[]>>;
  readonly location: unknown;
  readonly events: readonly FindingEvent[];
  readonly exceptions: readonly Exception[];
}

export interface ControlView {
  readonly framework: string;
  readonly title: string;
  readonly controls: ReadonlyArray<{
    readonly control: string;
    readonly rules: ReadonlyArray<{
      readonly ruleId: string;
      readonly title: string;
      readonly services: ReadonlyArray<{
        readonly serviceId: string;
        readonly service: string;
        readonly result: EvidenceRow['result'];
        readonly active: number;
        readonly excepted: number;
      }>;
    }>;
  }>;
}

export interface TrendPoint {
  readonly day: string;
  readonly open: Readonly<Record<Severity, number>>;
}

/**
 * The answer for a service name that does not exist — and, from the routes, for one the caller
 * may not see (so a name does not reveal that another team's service exists).
 */
export function serviceNotFound(name: string): PostureError {
  return new PostureError('not-found', `service ${JSON.stringify(name)} not found`, {
    hint: 'create it in the catalog first (POST /api/services or catalog-info.yaml import); names are case-sensitive',
  });
}

const MAX_BULK = 500;
/** Reads within this long of the last read sweep do not sweep again. */
const READ_SWEEP_INTERVAL_MS = 1000;
const MAX_EXCEPTION_DAYS = 366;

/**
 * The findings lifecycle (docs/findings-lifecycle.md): ingest uploads (dedup by fingerprint,
 * new → open → fixed → reopened), exceptions (waivers, risk acceptance) with expiry, SLAs,
 * posture queries and evidence. Every transition is a finding event and an audit entry.
 */
export class PostureService {
  readonly #repo: PostureRepository;
  readonly #audit: PostureAuditSink;
  readonly #sla: SlaPolicy;
  readonly #now: () => Date;
  /** The running read sweep, shared by concurrent reads. */
  #sweeping: Promise<number> | undefined;
  /** When (on this clock, ms) the last completed read sweep started. */
  #lastSweepAt: number | undefined;

  constructor(repo: PostureRepository, audit: PostureAuditSink, options: PostureServiceOptions = {}) {
    this.#repo = repo;
    this.#audit = audit;
    this.#sla = options.sla ?? DEFAULT_SLA;
    this.#now = options.now ?? (() => new Date());
  }

  get sla(): SlaPolicy {
    return this.#sla;
  }

  /** The service an upload names, or a not-found error with a hint. */
  async service(name: string): Promise<ServiceRef> {
    const service = await this.#repo.serviceByName(name);
    if (!service) throw serviceNotFound(name);
    return service;
  }

  async ingest(upload: Upload, actor: Actor): Promise<UploadSummary> {
    const found = await this.service(upload.service);
    const at = this.#now().toISOString();
    const uploadId = randomUUID();
    const counts = { new: 0, open: 0, reopened: 0, fixed: 0, unchanged: 0 };
    const events: FindingEvent[] = [];
    await this.#repo.withServiceLock(found.id, async (tx) => {
      // Re-read under the lock: a move to another team (serviceTeamChanged) committed since the
      // lookup must not be undone by findings written with the old team.
      const service = (await this.#repo.serviceById(found.id)) ?? found;
      const existing = new Map((await tx.findingsOf(service.id)).map((f) => [f.fingerprint, f]));
      const writes: FindingWrite[] = [];
      for (const f of upload.findings) {
        const previous = existing.get(f.fingerprint);
        const status = statusWhenSeen(previous?.status);
        const firstSeenAt = previous?.firstSeenAt ?? at;
        const id = previous?.id ?? randomUUID();
        writes.push({
          id,
          serviceId: service.id,
          teamId: service.teamId,
          fingerprint: f.fingerprint,
          ruleId: f.ruleId,
          severity: f.severity,
          status,
          title: f.title,
          file: f.file ?? null,
          line: f.line ?? null,
          analyzer: f.analyzer,
          scopeTarget: upload.target,
          uploadId,
          firstSeenAt,
          lastSeenAt: at,
          slaDueAt: slaDueAt(this.#sla, f.severity, firstSeenAt),
          data: JSON.stringify(f.data),
        });
        if (!previous) {
          counts.new++;
          events.push(event(id, at, actor.id, 'created', null, 'new', { uploadId }));
        } else if (previous.status !== status) {
          if (status === 'open') counts.open++;
          else counts.reopened++;
          events.push(event(id, at, actor.id, 'seen', previous.status, status, { uploadId }));
        } else counts.unchanged++;
      }
      await tx.writeFindings(writes);

      if (upload.full) {
        const fixed = absentAndCovered(upload, existing.values());
        for (const f of fixed)
          events.push(event(f.id, at, actor.id, 'fixed', f.status, 'fixed', { uploadId }));
        counts.fixed = fixed.length;
        const ids = fixed.map((f) => f.id);
        await tx.setStatus(ids, 'fixed', at);
        await tx.closeExceptions(ids, 'revoked', at);
      }
      await tx.insertEvents(events);
      await tx.insertUpload({
        id: uploadId,
        serviceId: service.id,
        commit: upload.commit ?? null,
        branch: upload.branch ?? null,
        target: upload.target,
        full: upload.full,
        rules: upload.rules.map((r) => r.id),
        analyzers: upload.analyzers,
        actor: actor.id,
        at,
        summary: { received: upload.findings.length, ...counts },
      });
      await tx.upsertRules(upload.rules, at);
      await tx.recordServiceRules(
        service.id,
        upload.rules.map((r) => r.id),
        at,
      );
      await tx.recount(service, at.slice(0, 10));
      // One audit entry per upload, last in the upload's transaction (they commit together or
      // not at all); it commits to every transition through the digest of the finding events
      // it created (each event: finding, from, to), which are kept in finding_events.
      await this.#audit.append({
        actor: actor.id,
        action: 'findings.upload',
        target: `service:${service.id}`,
        details: {
          uploadId,
          service: service.name,
          commit: upload.commit ?? null,
          branch: upload.branch ?? null,
          target: upload.target,
          full: upload.full,
          counts: { received: upload.findings.length, ...counts },
          eventsDigest: digest(events),
        },
      });
    });
    return { uploadId, serviceId: found.id, received: upload.findings.length, ...counts };
  }

  /**
   * After the catalog moved a service to another team: its findings and exception requests
   * follow (team-scoped users see them at once) and its counters and the two teams' day totals
   * are recomputed. Under the service's lock; inside the catalog change's transaction it joins
   * it, so the move commits with the change and its audit entry.
   */
  async serviceTeamChanged(serviceId: string): Promise<void> {
    await this.#repo.withServiceLock(serviceId, async (tx) => {
      // Read under the lock: the owner the catalog change just wrote (or a later one).
      const service = await this.#repo.serviceById(serviceId);
      if (!service) return;
      await tx.moveToTeam(service.id, service.teamId);
      await tx.recount(service, this.#now().toISOString().slice(0, 10));
    });
  }

  async get(id: string): Promise<FindingDetail> {
    const row = await this.#repo.findingById(id);
    if (!row)
      throw new PostureError('not-found', `finding ${JSON.stringify(id)} not found`, {
        hint: 'GET /api/findings lists findings and their ids',
      });
    const { data, ...finding } = row;
    const parsed = safeParse(data);
    const [events, exceptions] = await Promise.all([this.#repo.eventsOf(id), this.#repo.exceptionsOf(id)]);
    return {
      ...finding,
      overdue: isOverdue(finding.status, finding.slaDueAt, this.#now()),
      message: typeof parsed.message === 'string' ? parsed.message : null,
      why: typeof parsed.why === 'string' ? parsed.why : null,
      fix: typeof parsed.fix === 'string' ? parsed.fix : null,
      references: Array.isArray(parsed.references)
        ? parsed.references.filter((r) => typeof r === 'string')
        : [],
      frameworks: isRecord(parsed.frameworks) ? (parsed.frameworks as Record<string, string[]>) : {},
      location: parsed.location ?? null,
      events,
      exceptions,
    };
  }

  /** The team owning a finding (for authorisation), or undefined when there is no such finding. */
  async teamOf(id: string): Promise<string | undefined> {
    return (await this.#repo.findingById(id))?.teamId;
  }

  /** Waives findings (one or many, possibly across services) until `expiresAt`. */
  async waive(
    ids: readonly string[],
    request: ExceptionRequest,
    actor: Actor,
    options: ExceptOptions = {},
  ): Promise<string[]> {
    if (!request.expiresAt)
      throw new PostureError('invalid', 'expiresAt is required for a waiver', { field: 'expiresAt' });
    return this.#except(ids, 'waiver', request, actor, options);
  }

  /** Accepts the risk of a finding; only a risk owner (for the finding's team) may. */
  async acceptRisk(
    id: string,
    request: ExceptionRequest,
    actor: Actor,
    options: ExceptOptions = {},
  ): Promise<string[]> {
    if (!actor.roles.includes('risk-owner'))
      throw new PostureError('forbidden', "accepting risk needs the risk-owner role for the finding's team");
    return this.#except([id], 'risk-acceptance', { ...request, owner: actor.id }, actor, options);
  }

  async #except(
    ids: readonly string[],
    kind: Exception['kind'],
    request: ExceptionRequest,
    actor: Actor,
    options: ExceptOptions,
  ): Promise<string[]> {
    const now = this.#now();
    const at = now.toISOString();
    const reason = request.reason?.trim() ?? '';
    if (reason === '') throw new PostureError('invalid', 'reason must not be empty', { field: 'reason' });
    const owner = (request.owner ?? actor.id).trim();
    if (owner === '') throw new PostureError('invalid', 'owner must not be empty', { field: 'owner' });
    let expiresAt: string | null = null;
    if (request.expiresAt !== undefined) {
      const t = Date.parse(request.expiresAt);
      if (Number.isNaN(t))
        throw new PostureError('invalid', 'expiresAt must be an ISO 8601 date', { field: 'expiresAt' });
      if (t <= now.getTime())
        throw new PostureError('invalid', 'expiresAt must be in the future', { field: 'expiresAt' });
      if (t > now.getTime() + MAX_EXCEPTION_DAYS * 86_400_000)
        throw new PostureError('invalid', `expiresAt must be within ${MAX_EXCEPTION_DAYS} days`, {
          field: 'expiresAt',
        });
      expiresAt = new Date(t).toISOString();
    }
    const unique = [...new Set(ids)];
    if (unique.length === 0 || unique.length > MAX_BULK)
      throw new PostureError('invalid', `ids must list 1 to ${MAX_BULK} findings`, { field: 'ids' });
    const byService = new Map<string, string[]>();
    for (const id of unique) {
      const f = await this.#repo.findingById(id);
      if (!f)
        throw new PostureError('not-found', `finding ${JSON.stringify(id)} not found`, {
          hint: 'GET /api/findings lists findings',
        });
      byService.set(f.serviceId, [...(byService.get(f.serviceId) ?? []), id]);
    }
    const to: FindingStatus = kind === 'waiver' ? 'waived' : 'risk-accepted';
    const done: string[] = [];
    // One transaction per service (its lock, then its teams' locks in recount): taking several
    // services' locks in one transaction could deadlock with an upload on PostgreSQL.
    for (const [serviceId, serviceIds] of byService) {
      const service = await this.#repo.serviceById(serviceId);
      if (!service) continue;
      await this.#repo.withServiceLock(serviceId, async (tx) => {
        await options.within?.(tx);
        const states = await tx.findingsByIds(serviceIds);
        const fixed = states.find((s) => !canTakeException(s.status));
        if (fixed)
          throw new PostureError(
            'conflict',
            `finding ${fixed.id} is fixed; there is nothing to ${kind === 'waiver' ? 'waive' : 'accept'}`,
          );
        await tx.closeExceptions(serviceIds, 'revoked', at);
        await tx.insertExceptions(
          states.map((s) => ({
            id: randomUUID(),
            kind,
            findingId: s.id,
            serviceId,
            ruleId: s.ruleId,
            reason,
            owner,
            requestedBy: actor.id,
            createdAt: at,
            expiresAt,
          })),
        );
        await tx.setStatus(serviceIds, to, at);
        await tx.insertEvents(
          states.map((s) => event(s.id, at, actor.id, kind, s.status, to, { reason, owner, expiresAt })),
        );
        // The owner as of now, under the lock (a concurrent move is not undone).
        await tx.recount((await this.#repo.serviceById(serviceId)) ?? service, at.slice(0, 10));
        // Last in the transaction: the exceptions and their entries commit together.
        for (const s of states)
          await this.#audit.append({
            actor: actor.id,
            action: kind === 'waiver' ? 'finding.waive' : 'finding.accept-risk',
            target: `finding:${s.id}`,
            details: { from: s.status, to, reason, owner, expiresAt },
          });
        for (const s of states) done.push(s.id);
      });
    }
    return done;
  }

  /**
   * The sweep reads run first, so an expired exception is not shown as standing. Concurrent reads
   * share one sweep, and a read within a second of the last sweep's start (on this clock) skips
   * it: an exception expiring in between stands for at most that second. Before, every read ran
   * its own sweep query — one more database round trip per request under load.
   */
  async sweepBeforeRead(): Promise<void> {
    if (this.#sweeping) {
      await this.#sweeping;
      return;
    }
    const now = this.#now();
    const t = now.getTime();
    if (
      this.#lastSweepAt !== undefined &&
      t >= this.#lastSweepAt &&
      t - this.#lastSweepAt < READ_SWEEP_INTERVAL_MS
    )
      return;
    this.#sweeping = this.sweep(now).finally(() => {
      this.#sweeping = undefined;
    });
    await this.#sweeping;
    this.#lastSweepAt = t;
  }

  /**
   * Reopens findings whose waiver or risk acceptance has expired. The server runs it periodically
   * and before answering reads (sweepBeforeRead).
   */
  async sweep(now: Date = this.#now()): Promise<number> {
    const at = now.toISOString();
    const expired = await this.#repo.expiredExceptions(at);
    const byService = new Map<string, string[]>();
    for (const e of expired) byService.set(e.serviceId, [...(byService.get(e.serviceId) ?? []), e.findingId]);
    let reopened = 0;
    for (const [serviceId, ids] of byService) {
      const service = await this.#repo.serviceById(serviceId);
      if (!service) continue;
      await this.#repo.withServiceLock(serviceId, async (tx) => {
        const states = (await tx.findingsByIds(ids)).filter(
          (s) => s.status === 'waived' || s.status === 'risk-accepted',
        );
        await tx.closeExceptions(ids, 'expired', at);
        if (states.length === 0) return;
        await tx.setStatus(
          states.map((s) => s.id),
          'reopened',
          at,
        );
        await tx.insertEvents(
          states.map((s) => event(s.id, at, SYSTEM_ACTOR.id, 'exception-expired', s.status, 'reopened', {})),
        );
        // The owner as of now, under the lock (a concurrent move is not undone).
        await tx.recount((await this.#repo.serviceById(serviceId)) ?? service, at.slice(0, 10));
        for (const s of states)
          await this.#audit.append({
            actor: SYSTEM_ACTOR.id,
            action: 'finding.exception-expired',
            target: `finding:${s.id}`,
            details: { from: s.status, to: 'reopened' },
          });
        reopened += states.length;
      });
    }
    return reopened;
  }

  /** `framework` narrows to rules mapped to that framework. */
  async list(
    filter: ListFilter & { framework?: string; overdue?: boolean },
    page: ListPage,
  ): Promise<{ items: Array<PostureFinding & { overdue: boolean }>; next?: string }> {
    const now = this.#now();
    const resolved = await this.#resolveFilter(filter, now);
    if (resolved === undefined) return { items: [] };
    const result = await this.#repo.list(resolved, page);
    return {
      ...result,
      items: result.items.map((f) => ({ ...f, overdue: isOverdue(f.status, f.slaDueAt, now) })),
    };
  }

  /**
   * `list` as the API's JSON, written by the database: the findings route sends it as it is,
   * saving the row objects and their serialisation (bench/api-load.ts).
   */
  async listJson(
    filter: ListFilter & { framework?: string; overdue?: boolean },
    page: ListPage,
  ): Promise<ListJsonPage> {
    const now = this.#now();
    const resolved = await this.#resolveFilter(filter, now);
    return resolved === undefined ? { items: [] } : this.#repo.listJson(resolved, page, now.toISOString());
  }

  async counts(
    group: CountGroup,
    filter: ListFilter & { framework?: string; overdue?: boolean },
  ): Promise<CountRow[]> {
    const resolved = await this.#resolveFilter(filter, this.#now());
    return resolved === undefined ? [] : this.#repo.count(group, resolved);
  }

  async #resolveFilter(
    filter: ListFilter & { framework?: string; overdue?: boolean },
    now: Date,
  ): Promise<ListFilter | undefined> {
    const { framework, overdue, ...rest } = filter;
    let out: ListFilter = overdue ? { ...rest, overdueAt: now.toISOString() } : rest;
    if (framework !== undefined) {
      const ids = (await this.#rulesOf(framework)).map((r) => r.id);
      if (ids.length === 0) return undefined;
      const narrowed = out.ruleIds ? out.ruleIds.filter((r) => ids.includes(r)) : ids;
      if (narrowed.length === 0) return undefined;
      out = { ...out, ruleIds: narrowed };
    }
    return out;
  }

  async #rulesOf(framework: string) {
    if (!isFrameworkId(framework))
      throw new PostureError('not-found', `framework ${JSON.stringify(framework)} not found`, {
        hint: `known frameworks: ${Object.keys(FRAMEWORKS).join(', ')}`,
      });
    return (await this.#repo.rules()).filter((r) => (r.frameworks[framework]?.length ?? 0) > 0);
  }

  /** Control → rules → pass/fail per service that evaluated the rule. */
  async controls(framework: string): Promise<ControlView> {
    const rows = await this.evidenceRows(framework);
    const controls = new Map<
      string,
      Map<
        string,
        { title: string; services: ControlView['controls'][number]['rules'][number]['services'][number][] }
      >
    >();
    for (const r of rows) {
      const rules = controls.get(r.control) ?? new Map();
      controls.set(r.control, rules);
      const rule = rules.get(r.ruleId) ?? { title: r.ruleTitle, services: [] };
      rules.set(r.ruleId, rule);
      if (r.service !== '')
        rule.services.push({
          serviceId: r.serviceId,
          service: r.service,
          result: r.result,
          active: r.activeFindings,
          excepted: r.exceptedFindings,
        });
    }
    return {
      framework,
      title: FRAMEWORKS[framework as FrameworkId],
      controls: [...controls].map(([control, rules]) => ({
        control,
        rules: [...rules].map(([ruleId, r]) => ({ ruleId, title: r.title, services: r.services })),
      })),
    };
  }

  /** One row per control × rule × service that evaluated it, sorted; the evidence export's content. */
  async evidenceRows(framework: string): Promise<Array<EvidenceRow & { serviceId: string }>> {
    const rules = await this.#rulesOf(framework);
    const results = await this.#repo.ruleResults(rules.map((r) => r.id));
    const byRule = new Map<string, typeof results>();
    for (const r of results) byRule.set(r.ruleId, [...(byRule.get(r.ruleId) ?? []), r]);
    const rows: Array<EvidenceRow & { serviceId: string }> = [];
    for (const rule of rules) {
      for (const control of rule.frameworks[framework as FrameworkId] ?? []) {
        for (const r of byRule.get(rule.id) ?? []) {
          rows.push({
            framework,
            control,
            ruleId: rule.id,
            ruleTitle: rule.title,
            serviceId: r.serviceId,
            service: r.serviceName,
            teamId: r.teamId,
            result: r.active > 0 ? 'fail' : r.excepted > 0 ? 'excepted' : 'pass',
            activeFindings: r.active,
            exceptedFindings: r.excepted,
            lastEvaluatedAt: r.lastEvaluatedAt,
          });
        }
      }
    }
    return rows.sort(
      (a, b) =>
        compareText(a.control, b.control) ||
        compareText(a.ruleId, b.ruleId) ||
        compareText(a.service, b.service),
    );
  }

  async evidence(framework: string, format: 'json' | 'csv'): Promise<string> {
    const rows = (await this.evidenceRows(framework)).map(({ serviceId: _, ...row }) => row);
    if (format === 'csv') return evidenceCsv(rows);
    return JSON.stringify({
      framework,
      title: FRAMEWORKS[framework as FrameworkId],
      generatedAt: this.#now().toISOString(),
      rows,
    });
  }

  /** Daily open (new/open/reopened) findings per severity, last known snapshot carried forward. */
  async trend(
    days: number,
    filter: { serviceIds?: readonly string[]; teamIds?: readonly string[] } = {},
  ): Promise<TrendPoint[]> {
    const n = Math.min(Math.max(1, Math.trunc(days)), 366);
    const today = this.#now().toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - (n - 1) * 86_400_000).toISOString().slice(0, 10);
    // Day-by-day changes summed in the database (carried forward per team or service there), so
    // the work and the rows read are bounded by the window, not by teams × days or by history.
    const start = zeroCounts();
    const changes = new Map<string, Record<Severity, number>>();
    for (const c of await this.#repo.trendChanges(from, today, filter)) {
      const counts = c.day < from ? start : (changes.get(c.day) ?? zeroCounts());
      counts[c.severity] += c.change;
      if (c.day >= from) changes.set(c.day, counts);
    }
    const points: TrendPoint[] = [];
    const open = start;
    for (let t = Date.parse(from); t <= Date.parse(today); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const change = changes.get(day);
      if (change) for (const s of SEVERITIES) open[s] += change[s];
      points.push({ day, open: { ...open } });
    }
    return points;
  }
}

function absentAndCovered(upload: Upload, existing: Iterable<FindingState>): FindingState[] {
  const present = new Set<string>(upload.findings.map((f) => f.fingerprint));
  for (const fp of upload.suppressed) present.add(fp);
  const rules = new Set(upload.rules.map((r) => r.id));
  const analyzers = new Set(upload.analyzers);
  const out: FindingState[] = [];
  for (const f of existing) {
    if (f.status === 'fixed' || present.has(f.fingerprint) || f.scopeTarget !== upload.target) continue;
    // Covered: the scan ran the finding's rule (or its whole analyzer). A partial look at the
    // service — other target, rule not run — says nothing about the finding.
    if (rules.has(f.ruleId) || analyzers.has(f.analyzer)) out.push(f);
  }
  return out;
}

function event(
  findingId: string,
  at: string,
  actor: string,
  kind: string,
  from: FindingStatus | null,
  to: FindingStatus | null,
  details: Record<string, unknown>,
): FindingEvent {
  return { id: eventId(), findingId, at, actor, kind, from, to, details };
}

let lastMicros = 0;
/**
 * Event ids sort in creation order (events of one instant are listed by id): microseconds of the
 * real clock, strictly increasing within the process, then random bits against other processes.
 */
function eventId(): string {
  const micros = Math.max(Math.floor((performance.timeOrigin + performance.now()) * 1000), lastMicros + 1);
  lastMicros = micros;
  return `${micros.toString(36).padStart(12, '0')}-${randomUUID().slice(0, 8)}`;
}

function digest(events: readonly FindingEvent[]): string {
  const hash = createHash('sha256');
  for (const e of events) hash.update(`${e.findingId}\t${e.from ?? ''}\t${e.to ?? ''}\n`);
  return hash.digest('hex');
}

function zeroCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeParse(data: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(data);
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

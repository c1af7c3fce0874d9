import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { FrameworkMappings } from '../../core/framework.ts';
import { type Severity, severityRank } from '../../core/severity.ts';
import { PostureError } from '../../posture/errors.ts';
import type {
  CountGroup,
  CountRow,
  ExpiredException,
  FindingState,
  FindingWrite,
  ListFilter,
  ListJsonPage,
  ListPage,
  NewException,
  PostureRepository,
  RuleResultRow,
  ServiceTransaction,
  TrendChange,
  UploadRecord,
} from '../../posture/repository.ts';
import type { RequestStatus } from '../../posture/request-repository.ts';
import {
  ACTIVE_STATUSES,
  EXCEPTED_STATUSES,
  type Exception,
  type FindingEvent,
  type FindingStatus,
  type PostureFinding,
  type RuleInfo,
  type ServiceRef,
} from '../../posture/types.ts';
import type { DialectName } from '../dialect.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import { findingJson } from './finding-json.ts';
import { type BulkColumnType, jsonBulkInsert } from './json-bulk-insert.ts';
import { countFromCounters, recountService, scoped, trendChanges } from './posture-counters.ts';
import type { PostureTables } from './posture-schema.ts';
import { moveServiceRows } from './service-team-move.ts';
import { transitionRequest } from './waiver-request-repository.ts';

type Db = Kysely<Database & PostureTables>;
/** What a list row needs: everything but the report JSON (`data`), which only the detail shows. */
const LIST_COLUMNS = [
  'id',
  'service_id',
  'team_id',
  'fingerprint',
  'rule_id',
  'severity',
  'severity_rank',
  'status',
  'title',
  'file',
  'line',
  'analyzer',
  'first_seen_at',
  'last_seen_at',
  'fixed_at',
  'sla_due_at',
] as const;
type FindingRow = Pick<Selectable<PostureTables['findings']>, (typeof LIST_COLUMNS)[number]> & {
  service_name: string;
};

/** Every column of `findings`, for bulk writes (also the findings-list bench's seeding). */
export const FINDING_COLUMNS: ReadonlyArray<readonly [string, BulkColumnType]> = [
  ['id', 'text'],
  ['service_id', 'text'],
  ['team_id', 'text'],
  ['fingerprint', 'text'],
  ['rule_id', 'text'],
  ['severity', 'text'],
  ['severity_rank', 'integer'],
  ['status', 'text'],
  ['title', 'text'],
  ['file', 'text'],
  ['line', 'integer'],
  ['first_seen_at', 'text'],
  ['last_seen_at', 'text'],
  ['fixed_at', 'text'],
  ['sla_due_at', 'text'],
  ['data', 'text'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['analyzer', 'text'],
  ['scope_target', 'text'],
  ['last_upload_id', 'text'],
];
/** What a later sighting refreshes (fixed_at is null in every write: seen means not fixed). */
const FINDING_REFRESHED = [
  'status',
  'last_seen_at',
  'severity',
  'severity_rank',
  'title',
  'file',
  'line',
  'data',
  'fixed_at',
  'sla_due_at',
  'analyzer',
  'scope_target',
  'last_upload_id',
  'updated_at',
];
const EVENT_COLUMNS: ReadonlyArray<readonly [string, BulkColumnType]> = [
  ['id', 'text'],
  ['finding_id', 'text'],
  ['at', 'text'],
  ['actor', 'text'],
  ['kind', 'text'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['details', 'text'],
];

/** Rows per statement for narrow rows and IN lists. */
const BATCH = 500;
/** Finding rows per JSON bulk statement (bounds the size of one parameter, ~5 MB). */
const FINDING_BATCH = 5000;
/** Event rows per JSON bulk statement. */
const EVENT_BATCH = 10_000;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The posture service's storage (src/posture/repository.ts) on SQLite and PostgreSQL. */
export class StorePostureRepository implements PostureRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  get #db(): Db {
    return this.#store.db.withTables<PostureTables>();
  }

  async serviceByName(name: string): Promise<ServiceRef | undefined> {
    const row = await this.#db
      .selectFrom('services')
      .select(['id', 'name', 'owner_team_id'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row && { id: row.id, name: row.name, teamId: row.owner_team_id };
  }

  async serviceById(id: string): Promise<ServiceRef | undefined> {
    const row = await this.#db
      .selectFrom('services')
      .select(['id', 'name', 'owner_team_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { id: row.id, name: row.name, teamId: row.owner_team_id };
  }

  withServiceLock<T>(serviceId: string, work: (tx: ServiceTransaction) => Promise<T>): Promise<T> {
    return this.#store.withExclusiveLock(`posture:service:${serviceId}`, (trx) =>
      work(new Transaction(trx.withTables<PostureTables>(), this.#store.dialect)),
    );
  }

  async findingById(id: string): Promise<(PostureFinding & { data: string }) | undefined> {
    const row = await this.#db
      .selectFrom('findings')
      .innerJoin('services', 'services.id', 'findings.service_id')
      .selectAll('findings')
      .select('services.name as service_name')
      .where('findings.id', '=', id)
      .executeTakeFirst();
    return row && { ...toFinding(row), data: row.data };
  }

  async eventsOf(findingId: string): Promise<FindingEvent[]> {
    const rows = await this.#db
      .selectFrom('finding_events')
      .selectAll()
      .where('finding_id', '=', findingId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      findingId: r.finding_id,
      at: r.at,
      actor: r.actor,
      kind: r.kind,
      from: r.from_status as FindingStatus | null,
      to: r.to_status as FindingStatus | null,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }

  async exceptionsOf(findingId: string): Promise<Exception[]> {
    const rows = await this.#db
      .selectFrom('waivers')
      .selectAll()
      .where('finding_id', '=', findingId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as Exception['kind'],
      findingId,
      reason: r.reason,
      owner: r.owner,
      status: r.status,
      requestedBy: r.requested_by,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    }));
  }

  async list(filter: ListFilter, page: ListPage): Promise<{ items: PostureFinding[]; next?: string }> {
    const { query, key, limit } = this.#pageQuery(filter, page);
    const rows = await query
      // Reading `data` (the report JSON) tripled the list query's time; the list never shows it.
      .select(LIST_COLUMNS.map((c) => `findings.${c}` as const))
      .select('services.name as service_name')
      .execute();
    const items = rows.slice(0, limit).map(toFinding);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last
      ? { items, next: encodeCursor([page.sort, last[key] as string | number, last.id]) }
      : { items };
  }

  async listJson(filter: ListFilter, page: ListPage, overdueAt: string): Promise<ListJsonPage> {
    const { query, key, limit } = this.#pageQuery(filter, page);
    const rows = await query
      .select([
        findingJson(this.#store.dialect, overdueAt).as('json'),
        sql.ref<string | number>(`findings.${key}`).as('sort_key'),
        'findings.id',
      ])
      .execute();
    const items = rows.slice(0, limit).map((r) => r.json);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last ? { items, next: encodeCursor([page.sort, last.sort_key, last.id]) } : { items };
  }

  /**
   * The findings of one page in order, plus one telling whether another page follows, with no
   * columns chosen yet: `list` and `listJson` select differently from the same rows.
   */
  #pageQuery(filter: ListFilter, page: ListPage) {
    const limit = Math.min(Math.max(1, Math.trunc(page.limit)), 1000);
    // SQLite prefers an index on an equality status filter even when it then sorts half the
    // table; for the date sorts `+status` (SQLite's "not this index" idiom) keeps it on the
    // (key, id) index, which stops after one page (bench/findings-list.ts: 1.6 s → ms at 1M rows).
    const unindexedStatus =
      this.#store.dialect === 'sqlite' && page.sort !== 'severity' && filter.statuses?.length
        ? filter.statuses
        : undefined;
    let query = filtered(
      this.#db.selectFrom('findings').innerJoin('services', 'services.id', 'findings.service_id'),
      unindexedStatus ? { ...filter, statuses: [] } : filter,
    );
    if (unindexedStatus)
      query = query.where(sql<string>`+${sql.ref('findings.status')}`, 'in', [...unindexedStatus]);
    const [key, direction] = SORT_KEYS[page.sort];
    if (page.sort === 'due') query = query.where('findings.sla_due_at', 'is not', null);
    if (page.after !== undefined) {
      const [sort, value, id] = decodeCursor(page.after);
      if (sort !== page.sort)
        throw new PostureError('invalid', `cursor belongs to sort=${sort}, not sort=${page.sort}`, {
          field: 'after',
        });
      const op = direction === 'desc' ? '<' : '>';
      query = query.where((eb) =>
        eb.or([
          eb(`findings.${key}`, op, value as never),
          eb.and([eb(`findings.${key}`, '=', value as never), eb('findings.id', op, id)]),
        ]),
      );
    }
    return {
      key,
      limit,
      query: query
        .orderBy(`findings.${key}`, direction)
        .orderBy('findings.id', direction)
        .limit(limit + 1),
    };
  }

  async count(group: CountGroup, filter: ListFilter): Promise<CountRow[]> {
    const rows =
      (await countFromCounters(this.#db, group, filter)) ?? (await this.#countFindings(group, filter));
    return rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** What the counters cannot answer (by rule, rule or overdue filters), counted over findings. */
  async #countFindings(group: CountGroup, filter: ListFilter): Promise<CountRow[]> {
    const base = filtered(
      this.#db.selectFrom('findings').innerJoin('services', 'services.id', 'findings.service_id'),
      filter,
    );
    const column = {
      team: 'findings.team_id',
      service: 'services.name',
      severity: 'findings.severity',
      rule: 'findings.rule_id',
      status: 'findings.status',
    } as const satisfies Record<CountGroup, string>;
    const rows = await base
      .select([`${column[group]} as key`, (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy(column[group])
      .execute();
    return rows.map((r) => ({ key: String(r.key), count: Number(r.count) }));
  }

  async rules(): Promise<RuleInfo[]> {
    const rows = await this.#db.selectFrom('posture_rules').selectAll().orderBy('rule_id').execute();
    return rows.map((r) => ({
      id: r.rule_id,
      title: r.title,
      severity: r.severity as Severity,
      frameworks: JSON.parse(r.frameworks) as FrameworkMappings,
    }));
  }

  async ruleResults(ruleIds: readonly string[]): Promise<RuleResultRow[]> {
    const out: RuleResultRow[] = [];
    for (const batch of chunks(ruleIds)) {
      const count = (
        eb: ExpressionBuilder<Database & PostureTables, 'service_rules'>,
        statuses: readonly string[],
      ) =>
        eb
          .selectFrom('findings')
          .select((inner) => inner.fn.countAll<number | string>().as('n'))
          .whereRef('findings.service_id', '=', 'service_rules.service_id')
          .whereRef('findings.rule_id', '=', 'service_rules.rule_id')
          .where('findings.status', 'in', [...statuses]);
      const rows = await this.#db
        .selectFrom('service_rules')
        .innerJoin('services', 'services.id', 'service_rules.service_id')
        .select([
          'service_rules.service_id',
          'services.name',
          'services.owner_team_id',
          'service_rules.rule_id',
          'service_rules.last_evaluated_at',
          (eb) => count(eb as never, ACTIVE_STATUSES).as('active'),
          (eb) => count(eb as never, EXCEPTED_STATUSES).as('excepted'),
        ])
        .where('service_rules.rule_id', 'in', batch)
        .execute();
      for (const r of rows)
        out.push({
          serviceId: r.service_id,
          serviceName: r.name,
          teamId: r.owner_team_id,
          ruleId: r.rule_id,
          lastEvaluatedAt: r.last_evaluated_at,
          active: Number(r.active ?? 0),
          excepted: Number(r.excepted ?? 0),
        });
    }
    return out;
  }

  trendChanges(
    fromDay: string,
    toDay: string,
    filter: { serviceIds?: readonly string[]; teamIds?: readonly string[] },
  ): Promise<TrendChange[]> {
    return trendChanges(this.#db, fromDay, toDay, filter);
  }

  async expiredExceptions(now: string): Promise<ExpiredException[]> {
    const rows = await this.#db
      .selectFrom('waivers')
      .select(['finding_id', 'service_id'])
      .where('status', '=', 'approved')
      .where('expires_at', 'is not', null)
      .where('expires_at', '<=', now)
      .where('finding_id', 'is not', null)
      .execute();
    return rows.map((r) => ({ findingId: r.finding_id as string, serviceId: r.service_id as string }));
  }
}

const SORT_KEYS = {
  severity: ['severity_rank', 'desc'],
  newest: ['first_seen_at', 'desc'],
  oldest: ['first_seen_at', 'asc'],
  due: ['sla_due_at', 'asc'],
} as const satisfies Record<ListPage['sort'], readonly [keyof FindingRow, 'asc' | 'desc']>;

// biome-ignore lint/suspicious/noExplicitAny: Kysely's builder types for the joined query are unwieldy; callers are typed.
function filtered<Q extends { where: (...args: any[]) => Q }>(query: Q, filter: ListFilter): Q {
  let q = scoped(query, filter, 'findings');
  if (filter.ruleIds?.length) q = q.where('findings.rule_id', 'in', [...filter.ruleIds]);
  if (filter.statuses?.length) q = q.where('findings.status', 'in', [...filter.statuses]);
  if (filter.severities?.length)
    q = q.where('findings.severity_rank', 'in', filter.severities.map(severityRank));
  if (filter.overdueAt !== undefined)
    q = q
      .where('findings.sla_due_at', 'is not', null)
      .where('findings.sla_due_at', '<', filter.overdueAt)
      .where('findings.status', 'in', [...ACTIVE_STATUSES]);
  return q;
}

function encodeCursor(value: [string, string | number, string]): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(cursor: string): [string, string | number, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      typeof v[0] === 'string' &&
      (typeof v[1] === 'string' || Number.isInteger(v[1])) &&
      typeof v[2] === 'string'
    )
      return [v[0], v[1], v[2]];
  } catch {
    // fall through
  }
  throw new PostureError('invalid', `after: invalid page cursor ${JSON.stringify(cursor.slice(0, 40))}`, {
    field: 'after',
  });
}

function toFinding(row: FindingRow): PostureFinding {
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    teamId: row.team_id,
    fingerprint: row.fingerprint,
    ruleId: row.rule_id,
    severity: row.severity as Severity,
    status: row.status as FindingStatus,
    title: row.title,
    file: row.file,
    line: row.line === null ? null : Number(row.line),
    analyzer: row.analyzer,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    fixedAt: row.fixed_at,
    slaDueAt: row.sla_due_at,
  };
}

const STATE_COLUMNS = [
  'id',
  'fingerprint',
  'rule_id',
  'analyzer',
  'scope_target',
  'status',
  'severity',
  'first_seen_at',
  'sla_due_at',
] as const;

function toState(
  r: Pick<Selectable<PostureTables['findings']>, (typeof STATE_COLUMNS)[number]>,
): FindingState {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    ruleId: r.rule_id,
    analyzer: r.analyzer,
    scopeTarget: r.scope_target,
    status: r.status as FindingStatus,
    severity: r.severity as Severity,
    firstSeenAt: r.first_seen_at,
    slaDueAt: r.sla_due_at,
  };
}

/** Writes inside the per-service lock; every method uses only the transaction's connection. */
class Transaction implements ServiceTransaction {
  readonly #trx: Db;
  readonly #dialect: DialectName;

  constructor(trx: Db, dialect: DialectName) {
    this.#trx = trx;
    this.#dialect = dialect;
  }

  async findingsOf(serviceId: string): Promise<FindingState[]> {
    const rows = await this.#trx
      .selectFrom('findings')
      .select(STATE_COLUMNS)
      .where('service_id', '=', serviceId)
      .execute();
    return rows.map(toState);
  }

  async findingsByIds(ids: readonly string[]): Promise<FindingState[]> {
    const out: FindingState[] = [];
    for (const batch of chunks(ids))
      out.push(
        ...(
          await this.#trx.selectFrom('findings').select(STATE_COLUMNS).where('id', 'in', batch).execute()
        ).map(toState),
      );
    return out;
  }

  async writeFindings(rows: readonly FindingWrite[]): Promise<void> {
    for (const batch of chunks(rows, FINDING_BATCH))
      await jsonBulkInsert(
        this.#trx as unknown as Kysely<never>,
        this.#dialect,
        'findings',
        FINDING_COLUMNS,
        batch.map((f) => ({
          id: f.id,
          service_id: f.serviceId,
          team_id: f.teamId,
          fingerprint: f.fingerprint,
          rule_id: f.ruleId,
          severity: f.severity,
          severity_rank: severityRank(f.severity),
          status: f.status,
          title: f.title,
          file: f.file,
          line: f.line,
          first_seen_at: f.firstSeenAt,
          last_seen_at: f.lastSeenAt,
          fixed_at: null,
          sla_due_at: f.slaDueAt,
          data: f.data,
          created_at: f.lastSeenAt,
          updated_at: f.lastSeenAt,
          analyzer: f.analyzer,
          scope_target: f.scopeTarget,
          last_upload_id: f.uploadId,
        })),
        // A known fingerprint keeps its id, first-seen and creation time.
        sql`on conflict (service_id, fingerprint) do update set ${sql.join(
          FINDING_REFRESHED.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`),
        )}`,
      );
  }

  async setStatus(ids: readonly string[], status: FindingStatus, at: string): Promise<void> {
    for (const batch of chunks(ids))
      await this.#trx
        .updateTable('findings')
        .set({ status, fixed_at: status === 'fixed' ? at : null, updated_at: at })
        .where('id', 'in', batch)
        .execute();
  }

  async insertEvents(events: readonly FindingEvent[]): Promise<void> {
    for (const batch of chunks(events, EVENT_BATCH))
      await jsonBulkInsert(
        this.#trx as unknown as Kysely<never>,
        this.#dialect,
        'finding_events',
        EVENT_COLUMNS,
        batch.map((e) => ({
          id: e.id,
          finding_id: e.findingId,
          at: e.at,
          actor: e.actor,
          kind: e.kind,
          from_status: e.from,
          to_status: e.to,
          details: JSON.stringify(e.details),
        })),
      );
  }

  async insertUpload(u: UploadRecord): Promise<void> {
    await this.#trx
      .insertInto('uploads')
      .values({
        id: u.id,
        service_id: u.serviceId,
        commit_sha: u.commit,
        branch: u.branch,
        target: u.target,
        full_scan: u.full ? 1 : 0,
        scope: JSON.stringify({ rules: u.rules, analyzers: u.analyzers }),
        actor: u.actor,
        at: u.at,
        summary: JSON.stringify(u.summary),
      })
      .execute();
  }

  async upsertRules(rules: readonly RuleInfo[], at: string): Promise<void> {
    for (const batch of chunks(rules))
      await this.#trx
        .insertInto('posture_rules')
        .values(
          batch.map((r) => ({
            rule_id: r.id,
            title: r.title,
            severity: r.severity,
            frameworks: JSON.stringify(r.frameworks),
            updated_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.column('rule_id').doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            severity: eb.ref('excluded.severity'),
            frameworks: eb.ref('excluded.frameworks'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
  }

  async recordServiceRules(serviceId: string, ruleIds: readonly string[], at: string): Promise<void> {
    for (const batch of chunks([...new Set(ruleIds)]))
      await this.#trx
        .insertInto('service_rules')
        .values(batch.map((rule_id) => ({ service_id: serviceId, rule_id, last_evaluated_at: at })))
        .onConflict((oc) =>
          oc
            .columns(['service_id', 'rule_id'])
            .doUpdateSet((eb) => ({ last_evaluated_at: eb.ref('excluded.last_evaluated_at') })),
        )
        .execute();
  }

  async insertExceptions(exceptions: readonly NewException[]): Promise<void> {
    for (const batch of chunks(exceptions))
      await this.#trx
        .insertInto('waivers')
        .values(
          batch.map((e) => ({
            id: e.id,
            kind: e.kind,
            finding_id: e.findingId,
            service_id: e.serviceId,
            rule_id: e.ruleId,
            reason: e.reason,
            owner: e.owner,
            status: 'approved',
            requested_by: e.requestedBy,
            // Waivers granted through the API are decided by the caller's permission at once;
            // the request/approve workflow of the UI uses the `requested` status.
            approved_by: e.requestedBy,
            created_at: e.createdAt,
            decided_at: e.createdAt,
            expires_at: e.expiresAt,
          })),
        )
        .execute();
  }

  async closeExceptions(
    findingIds: readonly string[],
    status: 'revoked' | 'expired',
    _at: string,
  ): Promise<void> {
    for (const batch of chunks(findingIds))
      await this.#trx
        .updateTable('waivers')
        .set({ status })
        .where('finding_id', 'in', batch)
        .where('status', '=', 'approved')
        .execute();
  }

  recount(service: ServiceRef, day: string): Promise<void> {
    return recountService(this.#trx, this.#dialect, service, day);
  }

  moveToTeam(serviceId: string, teamId: string): Promise<void> {
    return moveServiceRows(this.#trx as unknown as Kysely<never>, serviceId, teamId);
  }

  transitionRequest(
    id: string,
    from: RequestStatus,
    to: RequestStatus,
    decision: { by: string | null; at: string | null; note: string | null },
  ): Promise<boolean> {
    return transitionRequest(this.#trx, id, from, to, decision);
  }
}

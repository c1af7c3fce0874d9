import { type Kysely, sql } from 'kysely';
import { SEVERITIES, type Severity } from '../../core/severity.ts';
import type { CountGroup, CountRow, ListFilter, TrendChange } from '../../posture/repository.ts';
import { ACTIVE_STATUSES, type ServiceRef } from '../../posture/types.ts';
import type { DialectName } from '../dialect.ts';
import { advisoryXactLock } from '../postgres/postgres-dialect.ts';
import type { Database } from '../schema.ts';
import { jsonBulkInsert } from './json-bulk-insert.ts';
import type { PostureTables } from './posture-schema.ts';

/**
 * The dashboard's counters (migration 0005-posture-counters, docs/adr/0006-posture-counters.md):
 * rewritten for one service inside the transaction that changed its findings, read by posture
 * counts and trends instead of counting a million findings per request.
 */
type Db = Kysely<Database & PostureTables>;

/** Narrows a query on a table with service_id and team_id columns to a service/team scope. */
export function scoped<Q extends { where: (...args: never[]) => Q }>(
  query: Q,
  filter: { readonly serviceIds?: readonly string[]; readonly teamIds?: readonly string[] },
  table: string,
): Q {
  // One typed signature for every table the posture repository scopes by service and team.
  const where = query.where as unknown as (column: string, op: 'in', values: string[]) => Q;
  let q = query;
  if (filter.serviceIds?.length) q = where.call(q, `${table}.service_id`, 'in', [...filter.serviceIds]);
  if (filter.teamIds?.length)
    q = (q.where as unknown as typeof where).call(q, `${table}.team_id`, 'in', [...filter.teamIds]);
  return q;
}

type CounterRow = Record<string, string | number>;

/** The counter tables a recount replaces for a service, with their key columns. */
const COUNTER_TABLES = [
  ['posture_counts', ['team_id', 'severity', 'status']],
  ['posture_rule_counts', ['team_id', 'rule_id', 'status']],
  ['posture_due_counts', ['team_id', 'severity', 'status', 'due_day']],
] as const;

/**
 * Recounts a service's findings and replaces its counters (by severity, by rule, by due day),
 * then writes the day's open counts for the service (posture_snapshots) and for its team
 * (posture_team_days). Runs under the service's lock, so no other writer changes these findings
 * meanwhile: the counters equal a COUNT(*) by construction. Cost: one grouped pass over the
 * service's findings (what the per-service snapshot already took), not over the table.
 */
export async function recountService(
  trx: Db,
  dialect: DialectName,
  service: ServiceRef,
  day: string,
): Promise<void> {
  const previousTeams = await trx
    .selectFrom('posture_counts')
    .select('team_id')
    .distinct()
    .where('service_id', '=', service.id)
    .execute();
  const groups = await trx
    .selectFrom('findings')
    .select([
      'team_id',
      'rule_id',
      'severity',
      'status',
      sql<string | null>`substr(sla_due_at, 1, 10)`.as('due_day'),
      (eb) => eb.fn.countAll<number | string>().as('n'),
    ])
    .where('service_id', '=', service.id)
    .groupBy(['team_id', 'rule_id', 'severity', 'status', sql`substr(sla_due_at, 1, 10)`])
    .execute();
  const active = (status: string) => (ACTIVE_STATUSES as readonly string[]).includes(status);
  const open = zeroCounts();
  const tables = new Map<string, Map<string, CounterRow>>(COUNTER_TABLES.map(([t]) => [t, new Map()]));
  for (const g of groups) {
    const n = Number(g.n);
    if (active(g.status)) open[g.severity as Severity] += n;
    for (const [table, keys] of COUNTER_TABLES) {
      if (table === 'posture_due_counts' && (!active(g.status) || g.due_day === null)) continue;
      const row: CounterRow = { service_id: service.id };
      for (const k of keys) row[k] = g[k] as string;
      const id = keys.map((k) => row[k]).join('\u0000');
      const rows = tables.get(table) as Map<string, CounterRow>;
      const existing = rows.get(id);
      rows.set(id, { ...row, finding_count: ((existing?.finding_count as number) ?? 0) + n });
    }
  }
  // The service's rows as they were, for the team rollups' change (applied below).
  const before = new Map<string, Map<string, CounterRow>>();
  for (const [table, keys] of ROLLED_UP)
    before.set(table, keyed(await previousRows(trx, table, service.id), keys));
  for (const [table, keys] of COUNTER_TABLES) {
    await trx.deleteFrom(table).where('service_id', '=', service.id).execute();
    await jsonBulkInsert(
      trx as unknown as Kysely<never>,
      dialect,
      table,
      [['service_id', 'text'], ...keys.map((k) => [k, 'text'] as const), ['finding_count', 'integer']],
      [...(tables.get(table) as Map<string, CounterRow>).values()],
    );
  }

  await trx
    .insertInto('posture_snapshots')
    .values(
      SEVERITIES.map((severity) => ({
        service_id: service.id,
        team_id: service.teamId,
        day,
        severity,
        open_count: open[severity],
      })),
    )
    .onConflict((oc) =>
      oc.columns(['service_id', 'day', 'severity']).doUpdateSet((eb) => ({
        open_count: eb.ref('excluded.open_count'),
        team_id: eb.ref('excluded.team_id'),
      })),
    )
    .execute();

  // Every team that had or has findings of this service; sorted so two writers lock in one order.
  const teams = [
    ...new Set([service.teamId, ...previousTeams.map((r) => r.team_id), ...groups.map((r) => r.team_id)]),
  ].sort();
  for (const team of teams) await writeTeamDay(trx, dialect, team, day);
  // Under the teams' locks (taken just above, held to commit): two services of one team add
  // their changes one after the other.
  for (const [table, keys] of ROLLED_UP) {
    const after = keyed([...(tables.get(table) as Map<string, CounterRow>).values()], keys);
    await addToRollup(
      trx,
      dialect,
      ROLLUP_OF[table],
      keys,
      before.get(table) as Map<string, CounterRow>,
      after,
    );
  }
}

/**
 * Takes a service's counters out of the team rollups, before the service (and, by cascade, its
 * findings and counter rows) is deleted.
 */
export async function forgetServiceCounters(trx: Db, dialect: DialectName, serviceId: string): Promise<void> {
  for (const [table, keys] of ROLLED_UP)
    await addToRollup(
      trx,
      dialect,
      ROLLUP_OF[table],
      keys,
      keyed(await previousRows(trx, table, serviceId), keys),
      new Map(),
    );
}

/** The per-service counter tables that have team rollups (migration 0009), and their rollups. */
const ROLLED_UP = COUNTER_TABLES.filter(
  (entry): entry is Extract<(typeof COUNTER_TABLES)[number], readonly [RolledUp, unknown]> =>
    entry[0] !== 'posture_counts',
);
const ROLLUP_OF = {
  posture_rule_counts: 'posture_rule_totals',
  posture_due_counts: 'posture_due_totals',
} as const;
type RolledUp = keyof typeof ROLLUP_OF;

async function previousRows(trx: Db, table: RolledUp, serviceId: string): Promise<CounterRow[]> {
  return (await (trx as unknown as Kysely<Record<string, CounterRow>>)
    .selectFrom(table)
    .selectAll()
    .where('service_id', '=', serviceId)
    .execute()) as CounterRow[];
}

function keyed(rows: readonly CounterRow[], keys: readonly string[]): Map<string, CounterRow> {
  return new Map(rows.map((r) => [keys.map((k) => r[k]).join('\u0000'), r]));
}

/**
 * Adds (after − before) per key to the team rollup: one INSERT … ON CONFLICT adding the change,
 * rows sorted by key so concurrent writers touch them in one order.
 */
async function addToRollup(
  trx: Db,
  dialect: DialectName,
  rollup: string,
  keys: readonly string[],
  before: ReadonlyMap<string, CounterRow>,
  after: ReadonlyMap<string, CounterRow>,
): Promise<void> {
  const changes: CounterRow[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const change = Number(after.get(id)?.finding_count ?? 0) - Number(before.get(id)?.finding_count ?? 0);
    if (change === 0) continue;
    const row = (after.get(id) ?? before.get(id)) as CounterRow;
    const out: CounterRow = { finding_count: change };
    for (const k of keys) out[k] = row[k] as string;
    changes.push(out);
  }
  await jsonBulkInsert(
    trx as unknown as Kysely<never>,
    dialect,
    rollup,
    [...keys.map((k) => [k, 'text'] as const), ['finding_count', 'integer']],
    changes,
    sql`on conflict (${sql.join(keys.map((k) => sql.ref(k)))}) do update set finding_count = ${sql.ref(
      rollup,
    )}.finding_count + excluded.finding_count`,
  );
}

/**
 * A team's open counts for the day, summed from its services' counters. On PostgreSQL, writers of
 * two services of one team run in parallel: the team lock makes the later one sum after the
 * earlier one committed (READ COMMITTED reads what committed before each statement), so the last
 * value written includes both. SQLite has one writer at a time anyway.
 */
async function writeTeamDay(trx: Db, dialect: DialectName, teamId: string, day: string): Promise<void> {
  if (dialect === 'postgres') await advisoryXactLock(trx, `posture:team:${teamId}`);
  const sums = await trx
    .selectFrom('posture_counts')
    .select(['severity', (eb) => eb.fn.sum<number | string>('finding_count').as('n')])
    .where('team_id', '=', teamId)
    .where('status', 'in', [...ACTIVE_STATUSES])
    .groupBy('severity')
    .execute();
  const open = zeroCounts();
  for (const r of sums) open[r.severity as Severity] = Number(r.n);
  await trx
    .insertInto('posture_team_days')
    .values(SEVERITIES.map((severity) => ({ team_id: teamId, day, severity, open_count: open[severity] })))
    .onConflict((oc) =>
      oc
        .columns(['team_id', 'day', 'severity'])
        .doUpdateSet((eb) => ({ open_count: eb.ref('excluded.open_count') })),
    )
    .execute();
}

type CounterTable =
  | 'posture_counts'
  | 'posture_rule_counts'
  | 'posture_due_counts'
  | 'posture_rule_totals'
  | 'posture_due_totals'
  | 'findings';

/** The column a count groups by, in each table (service names come from `services`). */
function groupColumn(table: CounterTable, group: CountGroup): string {
  return group === 'service'
    ? 'services.name'
    : `${table}.${group === 'team' ? 'team_id' : group === 'rule' ? 'rule_id' : group}`;
}

/**
 * Counts from the counters, or undefined when the question needs the findings themselves:
 * overdue by rule or within rules, and by or within severities within rules.
 * - by team, service, severity or status: posture_counts;
 * - by rule, or narrowed to rules (a framework): posture_rule_counts, or its team rollup
 *   posture_rule_totals when no service is named (0009);
 * - overdue at T: posture_due_counts (posture_due_totals when no service is named) for the days
 *   before T's day, plus the findings due on T's day before T (a range of the due-date index),
 *   so the answer is exact at any moment.
 */
export async function countFromCounters(
  db: Db,
  group: CountGroup,
  filter: ListFilter,
): Promise<CountRow[] | undefined> {
  const byRule = group === 'rule' || (filter.ruleIds?.length ?? 0) > 0;
  // Questions about services need the per-service rows; the rest read the team rollups (0009).
  const perService = group === 'service' || (filter.serviceIds?.length ?? 0) > 0;
  if (filter.overdueAt !== undefined) {
    if (byRule) return undefined;
    const day = filter.overdueAt.slice(0, 10);
    const dueTable = perService ? 'posture_due_counts' : 'posture_due_totals';
    const before = await sumCounts(db, dueTable, group, filter, (q) =>
      q.where(`${dueTable}.due_day`, '<', day),
    );
    const today = await sumCounts(db, 'findings', group, filter, (q) =>
      q
        .where('findings.sla_due_at', '>=', `${day}T00:00:00.000Z`)
        .where('findings.sla_due_at', '<', filter.overdueAt as string)
        .where('findings.status', 'in', [...ACTIVE_STATUSES]),
    );
    const sums = new Map(before.map((r) => [r.key, r.count]));
    for (const r of today) sums.set(r.key, (sums.get(r.key) ?? 0) + r.count);
    return [...sums].map(([key, count]) => ({ key, count }));
  }
  // Rule counters carry no severity: by severity within rules counts findings.
  if (byRule)
    return group === 'severity' || filter.severities?.length
      ? undefined
      : sumCounts(db, perService ? 'posture_rule_counts' : 'posture_rule_totals', group, filter);
  return sumCounts(db, 'posture_counts', group, filter);
}

/** The four counted tables share their scope columns; typed loosely as one. */
type Loose = Kysely<Record<string, Record<string, string | number | null>>>;
type LooseQuery = ReturnType<ReturnType<Loose['selectFrom']>['innerJoin']>;

async function sumCounts(
  db: Db,
  table: CounterTable,
  group: CountGroup,
  filter: ListFilter,
  narrow: (query: LooseQuery) => LooseQuery = (q) => q,
): Promise<CountRow[]> {
  const column = groupColumn(table, group);
  const from = (db as unknown as Loose).selectFrom(table);
  // Only service names need the join; every other count reads the counter rows alone.
  let query = scoped(
    group === 'service'
      ? from.innerJoin('services', 'services.id', `${table}.service_id`)
      : (from as unknown as LooseQuery),
    filter,
    table,
  );
  if (filter.statuses?.length) query = query.where(`${table}.status`, 'in', [...filter.statuses]);
  if (filter.severities?.length) query = query.where(`${table}.severity`, 'in', [...filter.severities]);
  if (filter.ruleIds?.length) query = query.where(`${table}.rule_id`, 'in', [...filter.ruleIds]);
  const total =
    table === 'findings'
      ? sql<number | string>`count(*)`
      : sql<number | string>`sum(${sql.ref(`${table}.finding_count`)})`;
  const rows = await narrow(query)
    .select([sql<unknown>`${sql.ref(column)}`.as('key'), total.as('count')])
    .groupBy(sql.ref(column))
    .execute();
  return rows.map((r) => ({ key: String(r.key), count: Number(r.count) })).filter((r) => r.count > 0);
}

/**
 * The trend's day-by-day changes per severity, summed over teams (posture_team_days) or, when the
 * filter names services, over services (posture_snapshots). Each series contributes its latest
 * row before the window (the window's start) and its rows inside it; LAG turns its values into
 * changes, so carrying a series' last value forward needs no row per day, and the sums come back
 * as at most (days + 1) × severities rows whatever the number of teams or services.
 */
export async function trendChanges(
  db: Db,
  fromDay: string,
  toDay: string,
  filter: { readonly serviceIds?: readonly string[]; readonly teamIds?: readonly string[] },
): Promise<TrendChange[]> {
  const byService = (filter.serviceIds?.length ?? 0) > 0;
  const table = sql.table(byService ? 'posture_snapshots' : 'posture_team_days');
  const series = byService ? 'service_id' : 'team_id';
  const conditions = [sql`true`];
  if (byService) conditions.push(sql`service_id in (${sql.join([...(filter.serviceIds ?? [])])})`);
  if (filter.teamIds?.length) conditions.push(sql`team_id in (${sql.join([...filter.teamIds])})`);
  const scope = sql.join(conditions, sql` and `);
  const rows = await sql<{ day: string; severity: string; change: number | string }>`
    with latest as (
      select ${sql.ref(series)} as series, max(day) as last_day from ${table}
      where day < ${fromDay} and ${scope} group by ${sql.ref(series)}
    ), scoped as (
      select t.${sql.ref(series)} as series, t.day, t.severity, t.open_count from ${table} t
      join latest l on l.series = t.${sql.ref(series)} and l.last_day = t.day
      union all
      select ${sql.ref(series)}, day, severity, open_count from ${table}
      where day >= ${fromDay} and day <= ${toDay} and ${scope}
    ), changes as (
      select day, severity,
        open_count - coalesce(lag(open_count) over (partition by series, severity order by day), 0) as change
      from scoped
    )
    select day, severity, sum(change) as change from changes group by day, severity`.execute(db);
  return rows.rows.map((r) => ({ day: r.day, severity: r.severity as Severity, change: Number(r.change) }));
}

function zeroCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

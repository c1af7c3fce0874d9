import { type Kysely, sql } from 'kysely';
import { SEVERITIES, type Severity } from '../../core/severity.ts';
import type { CountGroup, CountRow, ListFilter, TrendChange } from '../../posture/repository.ts';
import { ACTIVE_STATUSES, type ServiceRef } from '../../posture/types.ts';
import type { DialectName } from '../dialect.ts';
import { advisoryXactLock } from '../postgres/postgres-dialect.ts';
import type { Database } from '../schema.ts';
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

/**
 * Recounts a service's findings by team × severity × status and replaces its counters, then
 * writes the day's open counts for the service (posture_snapshots) and for its team
 * (posture_team_days). Runs under the service's lock, so no other writer changes these findings
 * meanwhile: the counters equal a COUNT(*) by construction. Cost: one index-only pass over the
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
  const rows = await trx
    .selectFrom('findings')
    .select(['team_id', 'severity', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('service_id', '=', service.id)
    .groupBy(['team_id', 'severity', 'status'])
    .execute();
  await trx.deleteFrom('posture_counts').where('service_id', '=', service.id).execute();
  if (rows.length > 0)
    await trx
      .insertInto('posture_counts')
      .values(
        rows.map((r) => ({
          service_id: service.id,
          team_id: r.team_id,
          severity: r.severity,
          status: r.status,
          finding_count: Number(r.n),
        })),
      )
      .execute();

  const open = zeroCounts();
  for (const r of rows)
    if ((ACTIVE_STATUSES as readonly string[]).includes(r.status))
      open[r.severity as Severity] += Number(r.n);
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
    ...new Set([service.teamId, ...previousTeams.map((r) => r.team_id), ...rows.map((r) => r.team_id)]),
  ].sort();
  for (const team of teams) await writeTeamDay(trx, dialect, team, day);
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

const COUNTER_COLUMN = {
  team: 'posture_counts.team_id',
  service: 'services.name',
  severity: 'posture_counts.severity',
  status: 'posture_counts.status',
} as const;

/**
 * Counts from the counters, or undefined when the question needs the findings themselves: by
 * rule, a rule (framework) filter, or overdue (a matter of the clock, not of a write).
 */
export async function countFromCounters(
  db: Db,
  group: CountGroup,
  filter: ListFilter,
): Promise<CountRow[] | undefined> {
  if (group === 'rule' || filter.ruleIds?.length || filter.overdueAt !== undefined) return undefined;
  const column = COUNTER_COLUMN[group];
  let query = scoped(
    db.selectFrom('posture_counts').innerJoin('services', 'services.id', 'posture_counts.service_id'),
    filter,
    'posture_counts',
  );
  if (filter.statuses?.length) query = query.where('posture_counts.status', 'in', [...filter.statuses]);
  if (filter.severities?.length) query = query.where('posture_counts.severity', 'in', [...filter.severities]);
  const rows = await query
    .select([
      `${column} as key`,
      (eb) => eb.fn.sum<number | string>('posture_counts.finding_count').as('count'),
    ])
    .groupBy(column)
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

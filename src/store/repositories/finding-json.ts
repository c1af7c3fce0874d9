import { type RawBuilder, sql } from 'kysely';
import { ACTIVE_STATUSES } from '../../posture/types.ts';
import type { DialectName } from '../dialect.ts';

/**
 * The API's Finding (src/server/routes/findings-schemas.ts), field by field in its order, and the
 * column of the findings list query (findings joined with services) that gives each.
 */
const FIELDS = [
  ['id', 'findings.id'],
  ['serviceId', 'findings.service_id'],
  ['serviceName', 'services.name'],
  ['teamId', 'findings.team_id'],
  ['fingerprint', 'findings.fingerprint'],
  ['ruleId', 'findings.rule_id'],
  ['severity', 'findings.severity'],
  ['status', 'findings.status'],
  ['title', 'findings.title'],
  ['file', 'findings.file'],
  ['line', 'findings.line'],
  ['analyzer', 'findings.analyzer'],
  ['firstSeenAt', 'findings.first_seen_at'],
  ['lastSeenAt', 'findings.last_seen_at'],
  ['fixedAt', 'findings.fixed_at'],
  ['slaDueAt', 'findings.sla_due_at'],
] as const;

/**
 * One finding of the list as JSON text, written by the database: what `isOverdue` says at
 * `overdueAt` (still needs work, due before then) comes last as `overdue`. A page of 50 then
 * reaches the server as 50 strings instead of 50 rows of 17 values that were mapped to objects
 * and serialised again (bench/api-load.ts: about 0.3 ms of a request's 1 ms of CPU).
 *
 * Both forms are compact and keep the fields in order, so the text equals what the route's
 * response schema serialises (src/server/routes/findings-list-json.test.ts compares them):
 * SQLite's json_object, and on PostgreSQL row_to_json of a row with those column names
 * (json_build_object would put spaces around every colon and comma).
 */
export function findingJson(dialect: DialectName, overdueAt: string): RawBuilder<string> {
  const overdue = sql`(findings.sla_due_at is not null and findings.status in (${ACTIVE}) and findings.sla_due_at < ${overdueAt})`;
  return dialect === 'sqlite'
    ? sql<string>`json_object(${SQLITE_PAIRS}, 'overdue', json(case when ${overdue} then 'true' else 'false' end))`
    : sql<string>`(select row_to_json(f)::text from (select ${POSTGRES_COLUMNS}, ${overdue} as "overdue") as f)`;
}

// Built once: only `overdueAt` differs between requests.
const ACTIVE = sql.join(ACTIVE_STATUSES.map((s) => sql.lit(s)));
const SQLITE_PAIRS = sql.join(FIELDS.map(([name, column]) => sql`${sql.lit(name)}, ${sql.ref(column)}`));
const POSTGRES_COLUMNS = sql.join(FIELDS.map(([name, column]) => sql`${sql.ref(column)} as ${sql.id(name)}`));

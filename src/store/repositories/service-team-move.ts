import { type Kysely, sql } from 'kysely';

/**
 * Re-homes a service's rows that carry its owning team: findings and exception requests (what
 * team-scoped lists filter on). Counters are not touched here: the caller recounts the service
 * (recountService moves its counter rows and rewrites the old and new teams' day totals).
 * `db` is the per-service transaction, so the move commits with the catalog change.
 */
export async function moveServiceRows(db: Kysely<never>, serviceId: string, teamId: string): Promise<void> {
  await sql`update findings set team_id = ${teamId} where service_id = ${serviceId} and team_id <> ${teamId}`.execute(
    db,
  );
  await sql`update waiver_requests set team_id = ${teamId} where service_id = ${serviceId} and team_id <> ${teamId}`.execute(
    db,
  );
}

import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Team rollups of the rule and due-day counters (0008), for the dashboard's two aggregates that
 * span services: counts by rule and overdue by severity. 0008's tables hold a row per service ×
 * rule × status (× severity × day): with 250 services and 400 rules the dashboard's "open by
 * rule" summed ~190,000 rows and "overdue" ~100,000 through an index that does not cover them
 * (SQLite 0.3–0.9 s at 1,000,000 findings, bench/findings-list.ts). The same sums per team have
 * rows per team instead of per service (25 teams: ~100 times fewer).
 * Kept by posture-counters.ts `recountService`: the service's counter change (new rows minus old
 * rows) is added to its teams' rollup rows in the same transaction, under the teams' locks, so a
 * rollup row always equals the sum of its services' counter rows. Rows reaching zero stay (they
 * come back as the same findings do; the key space is teams × rules × statuses at most).
 *
 * Also drops `findings_sla_due` (sla_due_at): `findings_by_due` (sla_due_at, id, from 0004)
 * serves every query it could, and each index of `findings` costs an upload ~7 % of PostgreSQL's
 * CPU time (10,000 rows: 1.04 s with the 14 indexes, 0.23 s with only the two unique ones).
 */
export const postureTeamRollups: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('posture_rule_totals')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('finding_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('posture_rule_totals_pk', ['team_id', 'rule_id', 'status'])
      .execute();
    await db.schema
      .createTable('posture_due_totals')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      /** YYYY-MM-DD (UTC) of sla_due_at. */
      .addColumn('due_day', 'text', (c) => c.notNull())
      .addColumn('finding_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('posture_due_totals_pk', ['team_id', 'severity', 'status', 'due_day'])
      .execute();
    await sql`insert into posture_rule_totals (team_id, rule_id, status, finding_count)
      select team_id, rule_id, status, sum(finding_count) from posture_rule_counts
      group by team_id, rule_id, status`.execute(db);
    await sql`insert into posture_due_totals (team_id, severity, status, due_day, finding_count)
      select team_id, severity, status, due_day, sum(finding_count) from posture_due_counts
      group by team_id, severity, status, due_day`.execute(db);
    await db.schema.dropIndex('findings_sla_due').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('findings_sla_due').on('findings').column('sla_due_at').execute();
    await db.schema.dropTable('posture_due_totals').execute();
    await db.schema.dropTable('posture_rule_totals').execute();
  },
};

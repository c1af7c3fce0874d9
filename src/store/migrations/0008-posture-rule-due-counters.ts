import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The dashboard's two other aggregates from counters (docs/adr/0006-posture-counters.md), kept
 * like `posture_counts` (0005): rewritten for a service in every transaction that changes its
 * findings.
 * - `posture_rule_counts`: findings per service × team × rule × status (counts by rule, and any
 *   count narrowed to a framework's rules);
 * - `posture_due_counts`: open (new/open/reopened) findings with an SLA per service × team ×
 *   severity × status × due day (UTC). Overdue at time T = every day before T's day, plus the
 *   findings due earlier on T's day itself, counted from the findings' due-date index.
 */
export const postureRuleDueCounters: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('posture_rule_counts')
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('finding_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('posture_rule_counts_pk', ['service_id', 'team_id', 'rule_id', 'status'])
      .execute();
    await db.schema
      .createIndex('posture_rule_counts_team')
      .on('posture_rule_counts')
      .column('team_id')
      .execute();

    await db.schema
      .createTable('posture_due_counts')
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      /** YYYY-MM-DD (UTC) of sla_due_at. */
      .addColumn('due_day', 'text', (c) => c.notNull())
      .addColumn('finding_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('posture_due_counts_pk', [
        'service_id',
        'team_id',
        'severity',
        'status',
        'due_day',
      ])
      .execute();
    await db.schema
      .createIndex('posture_due_counts_day')
      .on('posture_due_counts')
      .columns(['due_day', 'team_id'])
      .execute();

    await sql`insert into posture_rule_counts (service_id, team_id, rule_id, status, finding_count)
      select service_id, team_id, rule_id, status, count(*) from findings
      group by service_id, team_id, rule_id, status`.execute(db);
    // Statuses spelled out: a released migration must not change when the code does.
    await sql`insert into posture_due_counts (service_id, team_id, severity, status, due_day, finding_count)
      select service_id, team_id, severity, status, substr(sla_due_at, 1, 10), count(*) from findings
      where status in ('new', 'open', 'reopened') and sla_due_at is not null
      group by service_id, team_id, severity, status, substr(sla_due_at, 1, 10)`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('posture_due_counts').execute();
    await db.schema.dropTable('posture_rule_counts').execute();
  },
};

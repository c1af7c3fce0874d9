import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Requests for an exception (waiver or risk acceptance) awaiting a decision
 * (docs/findings-lifecycle.md). Kept apart from `waivers`, which holds only exceptions in force
 * and their history: a pending request must never count as a standing exception.
 */
export const waiverRequests: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('waiver_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('waiver', 'risk-acceptance')`))
      .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id').onDelete('cascade'))
      .addColumn('service_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('pending', 'approved', 'rejected')`),
      )
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('requester_person_id', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decision_note', 'text')
      .execute();
    await db.schema
      .createIndex('waiver_requests_queue')
      .on('waiver_requests')
      .columns(['status', 'team_id', 'requested_at', 'id'])
      .execute();
    await db.schema
      .createIndex('waiver_requests_finding')
      .on('waiver_requests')
      .columns(['finding_id', 'requested_at'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('waiver_requests').execute();
  },
};

import type { Kysely, Migration } from 'kysely';

/**
 * The audit viewer's filter by one action (GET /api/audit?action=…), newest first: without an
 * index a rare action (catalog.team.create among millions of token uses) scans the whole log
 * backwards by seq. (action, seq) answers it as an index range read in seq order, like the
 * actor and target indexes of 0001.
 */
export const auditActionIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('audit_log_action').execute();
  },
};

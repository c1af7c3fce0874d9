import type { Kysely, Migration } from 'kysely';

/**
 * Findings list sorted by first seen (newest/oldest) or SLA due date, keyset-paged on (key, id):
 * without an index ending in the sort key a 1,000,000-row list sorts the whole table per page
 * (bench/findings-list.ts). `findings_sla_due` (sla_due_at alone) stays for the SLA sweep.
 */
export const listSorts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('findings_by_first_seen')
      .on('findings')
      .columns(['first_seen_at', 'id'])
      .execute();
    await db.schema.createIndex('findings_by_due').on('findings').columns(['sla_due_at', 'id']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('findings_by_due').execute();
    await db.schema.dropIndex('findings_by_first_seen').execute();
  },
};

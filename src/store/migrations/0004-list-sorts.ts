import type { Kysely, Migration } from 'kysely';

/**
 * Indexes measured by bench/findings-list.ts at 1,000,000 findings:
 * - the list filtered by service/team/rule *without* a status filter (or with several statuses)
 *   is ordered by (severity_rank, id), which the 0001 indexes cannot give (status sits between);
 *   without these each page sorted all of a big service's or team's findings (~200-300 ms);
 * - newest/oldest and due sorts page on (first_seen_at, id) and (sla_due_at, id);
 * - dashboard counts read only these columns: a covering index lets them scan the index
 *   instead of the table.
 * `findings_sla_due` (sla_due_at alone) stays for the SLA sweep.
 */
export const listSorts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const [name, columns] of INDEXES)
      await db.schema
        .createIndex(name)
        .on('findings')
        .columns([...columns])
        .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
  },
};

const INDEXES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['findings_by_first_seen', ['first_seen_at', 'id']],
  ['findings_by_due', ['sla_due_at', 'id']],
  ['findings_by_service_rank', ['service_id', 'severity_rank', 'id']],
  ['findings_by_team_rank', ['team_id', 'severity_rank', 'id']],
  ['findings_by_rule_rank', ['rule_id', 'severity_rank', 'id']],
  ['findings_counts', ['status', 'team_id', 'service_id', 'severity', 'rule_id']],
];

import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Dashboard aggregates read counters instead of counting findings (docs/adr/0006-posture-counters.md):
 * - `posture_counts`: findings per service × team × severity × status, rewritten for a service in
 *   the same transaction as every change to its findings (upload, waiver, risk acceptance, expiry
 *   sweep), so it always equals a COUNT(*) over `findings`;
 * - `posture_team_days`: each team's open (new/open/reopened) findings per severity at the end of
 *   every day something changed; the trend carries the last value forward.
 * Both start from the data already stored: counters from `findings`, team days from the
 * per-service `posture_snapshots` history (each team's services' latest snapshots summed per day).
 */
export const postureCounters: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('posture_counts')
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('finding_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('posture_counts_pk', ['service_id', 'team_id', 'severity', 'status'])
      .execute();
    await db.schema.createIndex('posture_counts_team').on('posture_counts').column('team_id').execute();

    await db.schema
      .createTable('posture_team_days')
      .addColumn('team_id', 'text', (c) => c.notNull())
      /** YYYY-MM-DD (UTC). */
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('open_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('posture_team_days_pk', ['team_id', 'day', 'severity'])
      .execute();

    await sql`insert into posture_counts (service_id, team_id, severity, status, finding_count)
      select service_id, team_id, severity, status, count(*) from findings
      group by service_id, team_id, severity, status`.execute(db);
    await backfillTeamDays(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('posture_team_days').execute();
    await db.schema.dropTable('posture_counts').execute();
  },
};

/** Fixed here, not imported: a released migration must not change when the code does. */
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

interface SnapshotRow {
  service_id: string;
  team_id: string;
  day: string;
  severity: string;
  open_count: number | string;
}

/** Replays the per-service snapshots day by day: a team's value is the sum of its services' latest. */
async function backfillTeamDays(db: Kysely<unknown>): Promise<void> {
  const rows = (
    await sql<SnapshotRow>`select service_id, team_id, day, severity, open_count from posture_snapshots
      order by day, service_id`.execute(db)
  ).rows;
  // team → service → severity → latest open count
  const latest = new Map<string, Map<string, Map<string, number>>>();
  const out: Array<{ team: string; day: string; severity: string; count: number }> = [];
  for (let i = 0; i < rows.length; ) {
    const day = (rows[i] as SnapshotRow).day;
    const touched = new Set<string>();
    for (; i < rows.length && (rows[i] as SnapshotRow).day === day; i++) {
      const r = rows[i] as SnapshotRow;
      // A service keeps one team in the trend: its latest snapshot's.
      for (const [team, services] of latest)
        if (team !== r.team_id && services.delete(r.service_id)) touched.add(team);
      const services = latest.get(r.team_id) ?? new Map<string, Map<string, number>>();
      latest.set(r.team_id, services);
      const bySeverity = services.get(r.service_id) ?? new Map<string, number>();
      services.set(r.service_id, bySeverity);
      bySeverity.set(r.severity, Number(r.open_count));
      touched.add(r.team_id);
    }
    for (const team of touched) {
      // Every severity, so a team whose last service moved away drops to zero.
      const sums = new Map<string, number>(SEVERITIES.map((s) => [s, 0]));
      for (const bySeverity of latest.get(team)?.values() ?? [])
        for (const [severity, n] of bySeverity) sums.set(severity, (sums.get(severity) ?? 0) + n);
      for (const [severity, count] of sums) out.push({ team, day, severity, count });
    }
  }
  for (let i = 0; i < out.length; i += 500) {
    const values = out.slice(i, i + 500).map((r) => sql`(${r.team}, ${r.day}, ${r.severity}, ${r.count})`);
    await sql`insert into posture_team_days (team_id, day, severity, open_count) values ${sql.join(values)}`.execute(
      db,
    );
  }
}

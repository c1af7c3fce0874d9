import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Findings lifecycle and posture (src/posture): what each upload covered (its scope decides which
 * absent findings count as fixed), rule metadata for the framework control view, which rules each
 * service evaluates, and daily open-finding snapshots for trends. Waivers gain a kind so risk
 * acceptances share the expiry sweep.
 */
export const posture: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Where a finding was last seen: a later full scan of the same target that ran its rule (or
    // declared its analyzer) and did not report it marks it fixed.
    await db.schema
      .alterTable('findings')
      .addColumn('analyzer', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('findings')
      .addColumn('scope_target', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('findings').addColumn('last_upload_id', 'text').execute();
    await db.schema
      .alterTable('waivers')
      .addColumn('kind', 'text', (c) =>
        c.notNull().defaultTo('waiver').check(sql`kind in ('waiver', 'risk-acceptance')`),
      )
      .execute();

    await db.schema
      .createTable('uploads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('commit_sha', 'text')
      .addColumn('branch', 'text')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('full_scan', 'integer', (c) => c.notNull())
      /** JSON: {rules: string[], analyzers: string[]}. */
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      /** JSON: transition counts. */
      .addColumn('summary', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('uploads_service').on('uploads').columns(['service_id', 'at']).execute();

    await db.schema
      .createTable('posture_rules')
      .addColumn('rule_id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      /** JSON FrameworkMappings. */
      .addColumn('frameworks', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('service_rules')
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('last_evaluated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_rules_pk', ['service_id', 'rule_id'])
      .execute();

    await db.schema
      .createTable('posture_snapshots')
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('team_id', 'text', (c) => c.notNull())
      /** YYYY-MM-DD (UTC). */
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('open_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('posture_snapshots_pk', ['service_id', 'day', 'severity'])
      .execute();
    await db.schema.createIndex('posture_snapshots_day').on('posture_snapshots').column('day').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['posture_snapshots', 'service_rules', 'posture_rules', 'uploads'])
      await db.schema.dropTable(table).execute();
    await db.schema.alterTable('waivers').dropColumn('kind').execute();
    for (const column of ['last_upload_id', 'scope_target', 'analyzer'])
      await db.schema.alterTable('findings').dropColumn(column).execute();
  },
};

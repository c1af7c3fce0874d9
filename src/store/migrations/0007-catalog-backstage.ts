import type { Kysely, Migration } from 'kysely';

/**
 * Backstage's System entity becomes a catalog object (a named group of services with an optional
 * owner team), and services gain Backstage's `spec.lifecycle` and `spec.type` and the system they
 * belong to. All new columns are nullable, so existing rows and API clients are unaffected.
 */
export const catalogBackstage: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('systems')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      // A system outlives its owner team's deletion only ownerless, never pointing nowhere.
      .addColumn('owner_team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .alterTable('services')
      .addColumn('system_id', 'text', (c) => c.references('systems.id').onDelete('set null'))
      .execute();
    await db.schema.alterTable('services').addColumn('lifecycle', 'text').execute();
    await db.schema.alterTable('services').addColumn('type', 'text').execute();
    await db.schema.createIndex('services_system').on('services').column('system_id').execute();
  },

  // No down: SQLite cannot drop a column that carries a foreign key (system_id).
};

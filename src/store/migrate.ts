import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { StoreError } from './errors.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Database } from './schema.ts';

/**
 * Brings the schema to the latest migration. Kysely's migrator takes its own lock table, so two
 * processes starting together apply each migration once. Running again is a no-op. `schema`:
 * the PostgreSQL schema the tables belong in (Store.schema).
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  location: string,
  schema?: string,
): Promise<readonly string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    // Kysely decides whether its tables exist by looking at every schema; naming ours keeps
    // another schema's kysely_migration (another app, a parallel test) from fooling it.
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
    // Numbers were handed out to work done in parallel (0010 was released before 0009): a
    // database migrated to 0010 still takes 0009. Migrations are independent of each other's
    // order unless a later one says otherwise.
    allowUnorderedMigrations: true,
  });
  let result: MigrationResultSet = await migrator.migrateToLatest();
  // Kysely has no migration lock on SQLite: when two processes start on a fresh file together, the
  // loser's transaction fails and rolls back. Retrying then finds the winner's migrations applied.
  for (let attempt = 1; result.error && attempt <= 3; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    result = await migrator.migrateToLatest();
  }
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(
      `${location}: migration ${failed} failed (${(result.error as Error).message ?? String(result.error)})`,
      { cause: result.error },
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { StoreError } from './errors.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Database } from './schema.ts';

/**
 * Brings the schema to the latest migration. Kysely's migrator takes its own lock table, so two
 * processes starting together apply each migration once. Running again is a no-op.
 */
export async function migrateToLatest(db: Kysely<Database>, location: string): Promise<readonly string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(
      `${location}: migration ${failed} failed (${(result.error as Error).message ?? String(result.error)})`,
      { cause: result.error },
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

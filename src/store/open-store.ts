import { sql } from 'kysely';
import { AmbientTransaction } from './ambient-transaction.ts';
import { ChangeCounter } from './change-stamp.ts';
import type { StoreConfig } from './config.ts';
import type { StoreDialect } from './dialect.ts';
import { StoreError } from './errors.ts';
import { migrateToLatest } from './migrate.ts';
import { postgresDialect } from './postgres/postgres-dialect.ts';
import { sqliteDialect } from './sqlite/sqlite-dialect.ts';
import type { Store } from './store.ts';

export interface OpenStoreOptions {
  /** Apply pending migrations (default true). Verification tools pass false to change nothing. */
  readonly migrate?: boolean;
}

/** The dialects, listed in one place. */
export function dialectFor(config: StoreConfig): StoreDialect {
  return config.kind === 'sqlite' ? sqliteDialect(config) : postgresDialect(config);
}

/** Opens the database, checks it answers, and migrates it to the latest schema. */
export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const dialect = dialectFor(config);
  const counter = new ChangeCounter();
  const db = dialect.createKysely(counter);
  let schema: string | undefined;
  try {
    await sql`select 1`.execute(db);
    if (dialect.name === 'postgres') {
      schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
    }
    if (options.migrate !== false) await migrateToLatest(db, dialect.location, schema);
  } catch (error) {
    await dialect.close?.().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`${dialect.location}: cannot connect (${(error as Error).message})`, {
      cause: error,
    });
  }
  const ambient = new AmbientTransaction();
  return {
    dialect: dialect.name,
    location: dialect.location,
    get db() {
      return ambient.get() ?? db;
    },
    ...(schema !== undefined ? { schema } : {}),
    withExclusiveLock: async (lock, work) => {
      const open = ambient.get();
      if (open === undefined) return dialect.withExclusiveLock(db, lock, (trx) => ambient.run(trx, work));
      await dialect.lockWithin(open, lock);
      return work(open);
    },
    transaction: (work) => {
      const open = ambient.get();
      return open === undefined ? dialect.transaction(db, (trx) => ambient.run(trx, work)) : work(open);
    },
    isUniqueViolation: (error) => dialect.isUniqueViolation(error),
    // Read outside any transaction (callers ask at the start of a request, before reading).
    changeStamp: async () => {
      const own = counter.value;
      if (!dialect.otherWriters) return String(own);
      const others = await dialect.otherWriters(db);
      return others === undefined ? undefined : `${own}:${others}`;
    },
    close: async () => {
      await dialect.close?.();
      await db.destroy();
    },
  };
}

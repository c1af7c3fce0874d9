import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type ChangeCounter, countingDialect } from '../change-stamp.ts';
import type { StoreDialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { ChangeListener } from './change-listener.ts';
import { notifyingDialect } from './commit-notify.ts';
import { type PostgresStoreConfig, redactedUrl } from './postgres-config.ts';

/** PostgreSQL for scale: several server replicas share one database. */
/** Connections in a replica's pool unless the config says otherwise. */
export const DEFAULT_MAX_CONNECTIONS = 10;

export function postgresDialect(config: PostgresStoreConfig): StoreDialect {
  const location = `${redactedUrl(config.url)}${config.schema ? ` (schema ${config.schema})` : ''}`;
  const listener = new ChangeListener({
    url: config.url,
    ...(config.schema ? { schema: config.schema } : {}),
    ...(config.listenerRetryDelayMs !== undefined ? { retryDelayMs: config.listenerRetryDelayMs } : {}),
  });
  return {
    name: 'postgres',
    location,
    createKysely: (counter: ChangeCounter) =>
      new Kysely<Database>({
        dialect: countingDialect(
          notifyingDialect(
            new PostgresDialect({
              pool: new pg.Pool({
                connectionString: config.url,
                max: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
                connectionTimeoutMillis: 10_000,
                // The schema name is validated in postgres-config.ts, so it is safe inside the option.
                ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
              }),
            }),
          ),
          counter,
        ),
      }),
    // Other processes' commits, as announced by commit-notify.ts on every replica.
    otherWriters: async () => listener.stamp(),
    close: () => listener.close(),
    withExclusiveLock: (db, lock, work) =>
      db.transaction().execute(async (trx) => {
        await advisoryXactLock(trx, lock);
        return work(trx);
      }),
    transaction: (db, work) => db.transaction().execute(work),
    lockWithin: (trx, lock) => advisoryXactLock(trx, lock),
    isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',
  };
}

/**
 * Takes the named lock until the transaction `trx` ends (commit, rollback or a dropped connection
 * release it, so no lock leaks if the process dies).
 */
export async function advisoryXactLock(trx: Kysely<never> | Kysely<Database>, lock: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${advisoryKey(lock)}::bigint)`.execute(trx);
}

/** A stable signed 64-bit key per lock name (first 8 bytes of its SHA-256), as a decimal string. */
function advisoryKey(lock: string): string {
  return createHash('sha256').update(`rampart:${lock}`).digest().readBigInt64BE(0).toString();
}

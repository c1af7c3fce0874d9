import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { type ChangeCounter, countingDialect } from '../change-stamp.ts';
import type { StoreDialect } from '../dialect.ts';
import { StoreError } from '../errors.ts';
import type { Database } from '../schema.ts';
import { type SqliteStoreConfig, sqlitePragmas } from './sqlite-config.ts';
import { withStatementCache } from './statement-cache.ts';

/**
 * The embedded default. One process should hold one Store per file: better-sqlite3 is
 * synchronous, so two connections in the same process waiting on each other's lock would block
 * the event loop. Separate processes (server + CLI) share the file safely.
 */
export function sqliteDialect(config: SqliteStoreConfig): StoreDialect {
  // Asked on every cached read (Store.changeStamp): read straight from the connection, since a
  // query through Kysely cost more than the cached answer it validates (bench/api-load.ts profile).
  let dataVersion: Sqlite.Statement<[], number> | undefined;
  const connect = (): ReturnType<typeof withStatementCache> => {
    const database = open(config);
    dataVersion = database.prepare<[], number>('pragma data_version').pluck();
    return withStatementCache(database);
  };
  return {
    name: 'sqlite',
    location: config.file,
    createKysely: (counter: ChangeCounter) =>
      new Kysely<Database>({
        dialect: countingDialect(new SqliteDialect({ database: async () => connect() }), counter),
      }),
    // Moves whenever another connection (another process: the CLI, a second server) commits.
    otherWriters: async (db) => {
      if (dataVersion) return String(dataVersion.get());
      const row = (await sql<{ data_version: number }>`pragma data_version`.execute(db)).rows[0];
      return String(row?.data_version ?? '');
    },
    // SQLite has one write lock per file, so every named lock maps to it, and a transaction that
    // holds it (BEGIN IMMEDIATE) already holds every named lock.
    withExclusiveLock: (db, _lock, work) => beginImmediate(db, work),
    transaction: (db, work) => beginImmediate(db, work),
    lockWithin: async () => undefined,
    isUniqueViolation: (error) => {
      const code = (error as { code?: unknown } | null)?.code;
      return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
    },
  };
}

function beginImmediate<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

function open(config: SqliteStoreConfig): Sqlite.Database {
  if (config.mustExist && !existsSync(config.file)) {
    throw new StoreError(`${config.file}: no Rampart database here (use --data DIR or --database-url URL)`, {
      file: config.file,
    });
  }
  try {
    mkdirSync(dirname(config.file), { recursive: true, mode: 0o700 });
    const db = new Sqlite(config.file, { fileMustExist: config.mustExist === true });
    for (const pragma of sqlitePragmas(config)) db.pragma(pragma);
    return db;
  } catch (error) {
    throw new StoreError(`${config.file}: cannot open the SQLite database (${(error as Error).message})`, {
      file: config.file,
      cause: error,
    });
  }
}

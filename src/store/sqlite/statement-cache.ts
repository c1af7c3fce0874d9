import type Sqlite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; IN lists of varying length make new texts, so it is bounded. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * The database as Kysely sees it, with prepared statements reused by SQL text. Kysely's SQLite
 * driver prepares every query afresh, and compiling the SQL was about a tenth of a findings-list
 * request's CPU (bench/api-load.ts profile). Reuse is safe: one connection runs one query at a
 * time (Kysely's connection mutex), and SQLite re-prepares a statement itself after a schema change.
 */
export function withStatementCache(db: Sqlite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare: (sql: string) => {
      const cached = cache.get(sql);
      if (cached) {
        // Map keeps insertion order: re-inserting marks it most recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = db.prepare(sql) as unknown as SqliteStatement;
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

import { join, resolve } from 'node:path';

export interface SqliteStoreConfig {
  readonly kind: 'sqlite';
  /** Absolute path of the database file. */
  readonly file: string;
  /** Wait this long for another writer's lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /** Open an existing file only; never create an empty database (verification tools). */
  readonly mustExist?: boolean;
}

export const SQLITE_FILE_NAME = 'rampart.db';

export function sqliteConfigForDataDir(dataDir: string, cwd: string): SqliteStoreConfig {
  return { kind: 'sqlite', file: join(resolve(cwd, dataDir), SQLITE_FILE_NAME) };
}

/**
 * Pragmas applied to every connection. WAL lets readers run beside the writer and keeps the file
 * consistent when a process is killed mid-write; synchronous=NORMAL is crash-safe under WAL (only
 * a power loss can drop the last commits, never corrupt); foreign keys are off by default in SQLite.
 */
export function sqlitePragmas(config: SqliteStoreConfig): readonly string[] {
  return [
    // First: switching a fresh file to WAL needs a lock another process may hold (two processes
    // starting on a new file), and without a busy timeout that fails at once with SQLITE_BUSY.
    `busy_timeout = ${config.busyTimeoutMs ?? 5000}`,
    'journal_mode = WAL',
    'synchronous = NORMAL',
    'foreign_keys = ON',
  ];
}

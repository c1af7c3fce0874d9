/**
 * The local advisory index: one SQLite file (better-sqlite3) holding every OSV record as a JSON
 * blob, keyed by id, plus a (ecosystem, normalised name) → id table for matching, plus one row
 * per import run (source, time, counts). The package table also carries the record's
 * `affected` entries for that package (ranges and versions only): matching reads those few
 * hundred bytes instead of every candidate's full record, and loads a full record only on a hit.
 * Withdrawn records are stored but not indexed by package: they never match. A cache, not a system of record: it is rebuilt by
 * importing again, so its schema is created in place rather than migrated.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { AdvisoryDbError } from './errors.ts';

export const ADVISORY_SCHEMA_VERSION = '2';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS advisory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS advisories (
  id TEXT PRIMARY KEY,
  modified TEXT NOT NULL,
  modified_ms INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL,
  source TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS advisory_packages (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  id TEXT NOT NULL,
  affected TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS advisory_packages_by_id ON advisory_packages (id);
CREATE TABLE IF NOT EXISTS advisory_imports (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  seen INTEGER NOT NULL,
  added INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  invalid INTEGER NOT NULL
);
`;

export interface AdvisoryDb {
  readonly path: string;
  readonly sqlite: Sqlite.Database;
  close(): void;
}

export interface OpenOptions {
  /** Fail instead of creating a missing database (status, matching). */
  readonly mustExist?: boolean;
}

export function openAdvisoryDb(path: string, options: OpenOptions = {}): AdvisoryDb {
  if (options.mustExist && path !== ':memory:' && !existsSync(path))
    throw new AdvisoryDbError(
      `no advisory database at ${path}: run \`rampart db update\` or \`rampart db import PATH\` first`,
      { file: path, reason: 'not-found' },
    );
  let sqlite: Sqlite.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    sqlite = new Sqlite(path);
    sqlite.pragma('journal_mode = WAL');
    // A cache that can be re-imported: NORMAL is durable enough and much faster for bulk loads.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    // 64 MiB page cache: package-table inserts land all over its B-tree during an import.
    sqlite.pragma('cache_size = -65536');
    sqlite.exec(SCHEMA);
    const version = sqlite.prepare('SELECT value FROM advisory_meta WHERE key = ?').pluck().get('schema') as
      | string
      | undefined;
    if (version === undefined)
      sqlite
        .prepare('INSERT INTO advisory_meta (key, value) VALUES (?, ?)')
        .run('schema', ADVISORY_SCHEMA_VERSION);
    else if (version !== ADVISORY_SCHEMA_VERSION)
      throw new AdvisoryDbError(
        `${path}: advisory database schema ${version} is not ${ADVISORY_SCHEMA_VERSION}; delete the file and import again`,
        { file: path },
      );
  } catch (error) {
    if (error instanceof AdvisoryDbError) throw error;
    throw new AdvisoryDbError(`${path}: cannot open advisory database: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
  return { path, sqlite, close: () => sqlite.close() };
}

import type { Kysely } from 'kysely';
import type { DialectName } from './dialect.ts';
import type { Database } from './schema.ts';

/** An open database with its schema migrated. */
export interface Store {
  readonly dialect: DialectName;
  /** Where the data lives, safe to print. */
  readonly location: string;
  readonly db: Kysely<Database>;
  /**
   * PostgreSQL: the schema Rampart's tables live in (current_schema()). Introspection lists
   * tables of every schema, so filter by this one. SQLite: undefined.
   */
  readonly schema?: string;
  /**
   * Runs `work` in a transaction holding the named exclusive lock (see StoreDialect). `work` must
   * use only the `trx` it is given: on SQLite, `db` waits for the connection `trx` holds.
   */
  withExclusiveLock<T>(lock: string, work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}

import type { Kysely } from 'kysely';
import type { DialectName } from './dialect.ts';
import type { Database } from './schema.ts';

/** An open database with its schema migrated. */
export interface Store {
  readonly dialect: DialectName;
  /** Where the data lives, safe to print. */
  readonly location: string;
  /**
   * The database — or, inside `transaction`/`withExclusiveLock`, that transaction (see
   * ambient-transaction.ts), so repositories called there join it without being handed it.
   */
  readonly db: Kysely<Database>;
  /**
   * PostgreSQL: the schema Rampart's tables live in (current_schema()). Introspection lists
   * tables of every schema, so filter by this one. SQLite: undefined.
   */
  readonly schema?: string;
  /**
   * Runs `work` in a transaction holding the named exclusive lock (see StoreDialect). Inside an
   * open transaction it takes the lock in that one and joins it (commit happens at its end).
   */
  withExclusiveLock<T>(lock: string, work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction: everything it does through `db` (or `trx`) commits together
   * or not at all. Nested calls join the outer transaction.
   */
  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  isUniqueViolation(error: unknown): boolean;
  /**
   * A string that changes whenever the data may have changed: every write this process made
   * through the store (counted after the statement and after its transaction ends) and every
   * commit by another connection — on SQLite through PRAGMA data_version, on PostgreSQL through
   * the notification each committed write sends (postgres/commit-notify.ts), heard on a
   * dedicated connection (postgres/change-listener.ts) a moment after the commit. Undefined
   * while that connection is down (and until it first listens): cache nothing then. Take it
   * *before* reading what you cache. Optional so test doubles need not implement it; without it
   * nothing is cached.
   */
  changeStamp?(): Promise<string | undefined>;
  close(): Promise<void>;
}

import type { Kysely } from 'kysely';
import type { ChangeCounter } from './change-stamp.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between databases, and nothing else: every repository and migration is written
 * once against Kysely. Each implementation lives in its own folder with the same file set
 * (`<name>-config.ts`, `<name>-dialect.ts`), as Kysely organises its own dialects.
 */
export interface StoreDialect {
  readonly name: DialectName;
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  /** The Kysely instance; `counter` counts the writes made through it (change-stamp.ts). */
  createKysely(counter: ChangeCounter): Kysely<Database>;
  /**
   * What tells this process that *another* connection committed since it last asked, as a
   * string (SQLite: PRAGMA data_version; PostgreSQL: the notifications heard by
   * postgres/change-listener.ts). Resolves to undefined while it cannot tell (PostgreSQL: the
   * listening connection is down), when nothing may be cached.
   */
  otherWriters?(db: Kysely<Database>): Promise<string | undefined>;
  /** Releases what the dialect holds besides the Kysely instance (the PostgreSQL listener). */
  close?(): Promise<void>;
  /**
   * Runs `work` in one transaction holding the exclusive lock `lock`, across processes and
   * replicas: SQLite takes the database write lock up front (BEGIN IMMEDIATE), PostgreSQL a
   * transaction-scoped advisory lock. Commits when `work` resolves, rolls back when it throws.
   */
  withExclusiveLock<T>(
    db: Kysely<Database>,
    lock: string,
    work: (trx: Kysely<Database>) => Promise<T>,
  ): Promise<T>;
  /**
   * Runs `work` in one transaction (commit when it resolves, roll back when it throws). SQLite
   * begins IMMEDIATE: a read-then-write transaction cannot fail to upgrade its lock halfway.
   */
  transaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Takes the named exclusive lock inside the already open transaction `trx`, until it ends. */
  lockWithin(trx: Kysely<Database>, lock: string): Promise<void>;
  /** True when `error` is a unique/primary-key violation. */
  isUniqueViolation(error: unknown): boolean;
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import pg from 'pg';
import type { DialectName } from '../dialect.ts';
import { type OpenStoreOptions, openStore } from '../open-store.ts';
import { postgresConfig } from '../postgres/postgres-config.ts';
import type { SqliteStoreConfig } from '../sqlite/sqlite-config.ts';
import type { Store } from '../store.ts';

/** Every store test runs once per dialect (as Kysely's own tests do). */
export const TEST_DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export const TEST_POSTGRES_URL =
  process.env.RAMPART_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<string | undefined> | undefined;

/** undefined when PostgreSQL answers, else why not. Checked once per test process. */
function postgresUnreachable(): Promise<string | undefined> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (error) {
      return (error as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** A place for one test's database: a temp folder (SQLite) or a fresh schema (PostgreSQL). */
export interface TestDatabase {
  readonly dialect: DialectName;
  readonly config: SqliteStoreConfig | ReturnType<typeof postgresConfig>;
  /** SQLite only: the folder holding the file. */
  readonly dir?: string;
  open(options?: OpenStoreOptions): Promise<Store>;
}

/**
 * Creates an empty database for test `t` and removes it when the test ends. Returns undefined
 * after `t.skip(reason)` when PostgreSQL is not reachable — unless RAMPART_REQUIRE_SERVICES=1
 * (CI), where an unreachable PostgreSQL fails the test instead.
 */
export async function testDatabase(t: TestContext, dialect: DialectName): Promise<TestDatabase | undefined> {
  const stores: Store[] = [];
  const track = async (open: () => Promise<Store>) => {
    const store = await open();
    stores.push(store);
    return store;
  };
  const closeAll = () => Promise.all(stores.map((s) => s.close().catch(() => undefined)));

  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
    const config: SqliteStoreConfig = { kind: 'sqlite', file: join(dir, 'rampart.db') };
    t.after(async () => {
      await closeAll();
      rmSync(dir, { recursive: true, force: true });
    });
    return { dialect, config, dir, open: (options) => track(() => openStore(config, options)) };
  }

  const problem = await postgresUnreachable();
  if (problem !== undefined) {
    const reason = `PostgreSQL not reachable at ${TEST_POSTGRES_URL} (${problem}): set RAMPART_TEST_POSTGRES_URL`;
    if (process.env.RAMPART_REQUIRE_SERVICES === '1')
      throw new Error(`${reason} — required because RAMPART_REQUIRE_SERVICES=1`);
    t.skip(reason);
    return undefined;
  }
  const schema = `rampart_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const config = postgresConfig(TEST_POSTGRES_URL, schema);
  t.after(async () => {
    await closeAll();
    const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await dropper.connect();
    try {
      await dropper.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await dropper.end();
    }
  });
  return { dialect, config, open: (options) => track(() => openStore(config, options)) };
}

/** The store's change stamp; fails the test when the store has none (every store opened here has). */
export function stampOfStore(store: Store): Promise<string | undefined> {
  if (!store.changeStamp) throw new Error('this store keeps no change stamp');
  return store.changeStamp();
}

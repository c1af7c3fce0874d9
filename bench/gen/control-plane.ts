/**
 * What the control-plane benches share: a database of each kind (SQLite in a temporary folder,
 * PostgreSQL in a throwaway schema) and a listening server with a bearer token, set up the way
 * `rampart serve` and a CI job would.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { generateSigner } from '../../src/audit/signing-key.ts';
import type { RoleName } from '../../src/catalog/roles.ts';
import { PERMISSIONS } from '../../src/catalog/roles.ts';
import type { PostureService } from '../../src/posture/service.ts';
import { StoreAccountRepository } from '../../src/server/auth/store-accounts.ts';
import { buildServer } from '../../src/server/build-server.ts';
import type { StoreConfig } from '../../src/store/config.ts';
import { openStore } from '../../src/store/open-store.ts';
import { postgresConfig } from '../../src/store/postgres/postgres-config.ts';
import { StoreAuditRepository } from '../../src/store/repositories/audit-repository.ts';
import { CatalogRepository } from '../../src/store/repositories/catalog-repository.ts';
import type { Store } from '../../src/store/store.ts';
import { TEST_POSTGRES_URL } from '../../src/store/testing/test-stores.ts';
import { printLine } from '../measure.ts';

export type BenchDatabase = 'sqlite' | 'postgres';

/** `--name value` from the command line. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/**
 * Runs `bench` on a fresh SQLite file, then on a fresh PostgreSQL schema (from
 * RAMPART_TEST_POSTGRES_URL); `only` picks one. An unreachable PostgreSQL prints a skip line.
 */
export async function eachDatabase(
  name: string,
  only: string | undefined,
  bench: (database: BenchDatabase, store: Store) => Promise<void>,
): Promise<void> {
  if (only !== undefined && only !== 'sqlite' && only !== 'postgres')
    throw new Error(`--only must be sqlite or postgres, not ${JSON.stringify(only)}`);
  if (only !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), `rampart-bench-${name}-`));
    try {
      await withStore({ kind: 'sqlite', file: join(dir, 'rampart.db') }, (store) => bench('sqlite', store));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (only === 'sqlite') return;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  const schema = `rampart_bench_${randomBytes(4).toString('hex')}`;
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  } catch (error) {
    printLine({
      bench: name,
      database: 'postgres',
      skipped: `PostgreSQL not reachable: ${(error as Error).message}`,
    });
    await admin.end().catch(() => undefined);
    return;
  }
  try {
    await withStore(postgresConfig(TEST_POSTGRES_URL, schema), (store) => bench('postgres', store));
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

async function withStore(config: StoreConfig, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(config);
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

export interface BenchServer {
  readonly app: FastifyInstance;
  readonly posture: PostureService;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly headers: { readonly authorization: string };
  close(): Promise<void>;
}

/**
 * A listening server on loopback and a token of a person holding `role`: for one team (a CI
 * job's developer token) or globally (an analyst reading every team, the widest queries).
 */
export async function benchServer(
  store: Store,
  grant: { readonly role: RoleName; readonly teamId: string | null },
  /** readCache: false makes every read run its queries (what the findings-list bench times). */
  options: { readonly readCache?: boolean } = {},
): Promise<BenchServer> {
  const { app, accounts, posture } = await buildServer({
    store,
    audit: new AuditLog(new StoreAuditRepository(store), generateSigner()),
    logger: false,
    ...(options.readCache === false ? { readCache: false } : {}),
  });
  const people = new StoreAccountRepository(store);
  const person = await people.createPerson('bench@example.com', 'bench');
  const grants = [grant];
  await people.replaceGrants(person.id, grants);
  const { secret } = await accounts.createToken(
    { kind: 'session', personId: person.id, email: 'bench@example.com', displayName: 'bench', grants },
    { name: 'bench', scopes: PERMISSIONS },
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`not on loopback: ${url}`);
  return { app, posture, url, headers: { authorization: `Bearer ${secret}` }, close: () => app.close() };
}

/** Team `bench` with service `bench-service`: where the upload and load benches send scans. */
export async function benchService(store: Store): Promise<{ teamId: string; service: string }> {
  const catalog = new CatalogRepository(store);
  const team = await catalog.createTeam('bench');
  await catalog.createService({ name: 'bench-service', ownerTeamId: team.id });
  return { teamId: team.id, service: 'bench-service' };
}

/**
 * Two server replicas on one PostgreSQL database (ADR 7): a token revoked or a role removed
 * through B stops working at A as soon as A hears B's commit — not after an age limit: A's
 * clock is frozen, so its caches never age out here — and while A cannot hear (its listening
 * connection dropped) it caches nothing, so the revocation applies to A's very next request.
 */
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import pg from 'pg';
import { AuditLog } from '../audit/audit-log.ts';
import { generateSigner } from '../audit/signing-key.ts';
import { PERMISSIONS } from '../catalog/roles.ts';
import { openStore } from '../store/open-store.ts';
import type { PostgresStoreConfig } from '../store/postgres/postgres-config.ts';
import { StoreAuditRepository } from '../store/repositories/audit-repository.ts';
import type { Store } from '../store/store.ts';
import { eventually } from '../store/testing/eventually.ts';
import { stampOfStore, TEST_POSTGRES_URL, testDatabase } from '../store/testing/test-stores.ts';
import { StoreAccountRepository } from './auth/store-accounts.ts';
import { buildServer } from './build-server.ts';

const FROZEN = () => new Date('2026-06-01T00:00:00Z');

async function replicas(t: TestContext, listenerRetryDelayMs?: number) {
  const database = await testDatabase(t, 'postgres');
  if (!database) return undefined;
  const config = database.config as PostgresStoreConfig;
  const storeA = await openStore({
    ...config,
    ...(listenerRetryDelayMs !== undefined ? { listenerRetryDelayMs } : {}),
  });
  t.after(() => storeA.close());
  const storeB = await database.open();
  const build = async (store: Store, now?: () => Date) => {
    const server = await buildServer({
      store,
      audit: new AuditLog(new StoreAuditRepository(store), generateSigner()),
      ...(now ? { now } : {}),
    });
    t.after(() => server.app.close());
    return server;
  };
  const a = await build(storeA, FROZEN);
  const b = await build(storeB);
  const people = new StoreAccountRepository(storeB);
  const person = await people.createPerson('ci@example.com', 'CI');
  await people.replaceGrants(person.id, [{ role: 'admin', teamId: null }]);
  const principal = {
    kind: 'session' as const,
    personId: person.id,
    email: 'ci@example.com',
    displayName: 'CI',
    grants: [{ role: 'admin' as const, teamId: null }],
  };
  const { secret, token } = await b.accounts.createToken(principal, { name: 'ci', scopes: PERMISSIONS });
  const headers = { authorization: `Bearer ${secret}` };
  const findingsAt = async (server: typeof a) =>
    (await server.app.inject({ method: 'GET', url: '/api/findings', headers })).statusCode;
  const stampOfA = () => stampOfStore(storeA);
  const revokeThroughB = async () => {
    const r = await b.app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers });
    assert.equal(r.statusCode, 204, r.body);
  };
  /**
   * Waits until A listens and its reads move nothing (the first use writes the token's last-used
   * time), so A answers from its caches — which its frozen clock never ages out.
   */
  const cachingAtA = () =>
    eventually('A’s stamp to settle', async () => {
      const before = await stampOfA();
      assert.equal(await findingsAt(a), 200);
      const after = await stampOfA();
      return before !== undefined && before === after ? after : undefined;
    });
  return { config, a, b, storeA, storeB, person, findingsAt, stampOfA, revokeThroughB, cachingAtA };
}

test('postgres: a token revoked through replica B is refused by replica A once A hears the commit', async (t) => {
  const r = await replicas(t);
  if (!r) return;
  const stamp = await r.cachingAtA();
  assert.equal(await r.findingsAt(r.a), 200);
  assert.equal(await r.stampOfA(), stamp, 'reads at A moved nothing: answered from the caches');

  await r.revokeThroughB();
  const started = Date.now();
  await eventually('A to refuse the revoked token', async () =>
    (await r.findingsAt(r.a)) === 401 ? true : undefined,
  );
  t.diagnostic(`A refused the token ${Date.now() - started} ms after B's revocation returned`);
  assert.equal(await r.findingsAt(r.b), 401);
});

test('postgres: a role removed through B applies at A; with A’s listener down A caches nothing', async (t) => {
  // A does not reconnect during the test, so the fallback is what answers.
  const r = await replicas(t, 60_000);
  if (!r) return;
  await r.cachingAtA();
  await r.storeB.db.deleteFrom('memberships').where('person_id', '=', r.person.id).execute();
  await eventually('A to apply the role removal', async () =>
    (await r.findingsAt(r.a)) === 403 ? true : undefined,
  );

  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  t.after(() => admin.end());
  const killed = await admin.query(
    `select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'rampart change listener' and query = 'listen "rampart_' || md5($1::text) || '"'`,
    [r.config.schema],
  );
  assert.equal(killed.rowCount, 1);
  await eventually('A’s stamp to turn undefined', async () =>
    (await r.stampOfA()) === undefined ? true : undefined,
  );
  await new StoreAccountRepository(r.storeB).replaceGrants(r.person.id, [{ role: 'admin', teamId: null }]);
  assert.equal(await r.findingsAt(r.a), 200, 'the role given back applies on the next request');
  assert.equal(await r.findingsAt(r.a), 200);
  await r.revokeThroughB();
  assert.equal(await r.findingsAt(r.a), 401, 'the revocation applies on the next request');
});

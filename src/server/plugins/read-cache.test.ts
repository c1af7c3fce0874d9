/**
 * The read cache (read-cache.ts) and the principal cache (auth/principal-cache.ts) must never
 * show what a caller could not see without them: writes through the server show at once, on
 * SQLite so do other processes' writes, and on PostgreSQL those show once the commit's
 * notification arrives (the clock does not move meanwhile, so no age limit helps).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manyFindings, report } from '../../../test/fixtures/posture/reports.ts';
import { AuditLog } from '../../audit/audit-log.ts';
import { generateSigner } from '../../audit/signing-key.ts';
import { PERMISSIONS, type RoleGrant } from '../../catalog/roles.ts';
import { StoreAuditRepository } from '../../store/repositories/audit-repository.ts';
import { eventually } from '../../store/testing/eventually.ts';
import { stampOfStore, TEST_DIALECTS, testDatabase } from '../../store/testing/test-stores.ts';
import { StoreAccountRepository } from '../auth/store-accounts.ts';
import { buildServer } from '../build-server.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: cached reads follow every write, per caller's rights`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    // A second connection, as another process or replica would have.
    const other = await database.open();
    let clock = Date.parse('2026-06-01T00:00:00Z');
    const now = () => new Date(clock);
    const { app, accounts } = await buildServer({
      store,
      audit: new AuditLog(new StoreAuditRepository(store), generateSigner()),
      now,
    });
    t.after(() => app.close());
    // PostgreSQL caches nothing until the store listens for other connections' commits.
    await eventually('the change stamp', () => stampOfStore(store));
    const at = now().toISOString();
    for (const id of ['payments', 'search'])
      await store.db
        .insertInto('teams')
        .values({ id, name: id, display_name: id, created_at: at, updated_at: at })
        .execute();
    const people = new StoreAccountRepository(store);
    const callerOf = async (email: string, grants: RoleGrant[]) => {
      const person = await people.createPerson(email, email);
      await people.replaceGrants(person.id, grants);
      const principal = { kind: 'session' as const, personId: person.id, email, displayName: email, grants };
      const { secret, token } = await accounts.createToken(principal, { name: 't', scopes: PERMISSIONS });
      return { person, principal, tokenId: token.id, headers: { authorization: `Bearer ${secret}` } };
    };
    const admin = await callerOf('admin@example.com', [{ role: 'admin', teamId: null }]);
    const dev = await callerOf('dev@example.com', [{ role: 'developer', teamId: 'payments' }]);
    const outsider = await callerOf('out@example.com', [{ role: 'developer', teamId: 'search' }]);
    const get = async (headers: Record<string, string>, url = '/api/findings?limit=100') => {
      const r = await app.inject({ method: 'GET', url, headers });
      return {
        status: r.statusCode,
        ids: r.statusCode === 200 ? (r.json().items as { id: string }[]).map((f) => f.id).sort() : [],
      };
    };
    const upload = async (count: number, prefix: string) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/uploads',
        headers: admin.headers,
        payload: { service: 'checkout', commit: prefix, report: report(manyFindings(count, prefix)) },
      });
      assert.equal(r.statusCode, 201, r.body);
    };
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: '/api/services',
          headers: admin.headers,
          payload: { name: 'checkout', owner: 'payments' },
        })
      ).statusCode,
      201,
    );
    await upload(3, 'a');
    const first = await get(dev.headers);
    assert.equal(first.ids.length, 3);
    assert.deepEqual(await get(dev.headers), first, 'the same answer again');
    assert.deepEqual((await get(outsider.headers)).ids, [], 'another team: same URL, not the same answer');

    // A write through this server shows at once (no clock movement).
    await upload(5, 'b');
    assert.equal((await get(dev.headers)).ids.length, 8, 'the rescan (3 fixed, 5 new) shows at once');
    const counts = await app.inject({
      method: 'GET',
      url: '/api/posture/counts?by=status',
      headers: dev.headers,
    });
    assert.match(counts.body, /"key":"new","count":5/);

    // A write by another connection: SQLite sees it at once, PostgreSQL when it hears the commit.
    const before = await get(dev.headers);
    assert.deepEqual(await get(dev.headers), before);
    await other.db
      .deleteFrom('findings')
      .where('id', '=', before.ids[0] as string)
      .execute();
    const right = before.ids.slice(1);
    const shows = async (ids: string[]) => {
      if (dialect === 'sqlite') assert.deepEqual((await get(dev.headers)).ids, ids);
      else
        await eventually(`${ids.length} ids`, async () =>
          (await get(dev.headers)).ids.join() === ids.join() ? true : undefined,
        );
    };
    await shows(right);
    clock += 1_000;
    assert.deepEqual((await get(dev.headers)).ids, right, 'after the age limit on every database');

    // Rights: a role removed by another process applies at once (SQLite) or when heard.
    await other.db.deleteFrom('memberships').where('person_id', '=', dev.person.id).execute();
    await shows([]);

    // A revocation through this server refuses the very next request, cached or not.
    assert.equal((await get(admin.headers)).status, 200);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/tokens/${admin.tokenId}`,
      headers: admin.headers,
    });
    assert.equal(revoked.statusCode, 204, revoked.body);
    assert.equal((await get(admin.headers)).status, 401);
  });
}

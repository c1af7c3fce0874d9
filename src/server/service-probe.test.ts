/**
 * Service names cannot be probed: to a caller who may not see another team's services, "that
 * team's service" and "no such service" get the same answer (status, message and hint), on
 * every route that takes a service name. Callers who may see the team keep the real answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manyFindings, report } from '../../test/fixtures/posture/reports.ts';
import { TEST_DIALECTS } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: another team's service answers exactly like a missing one to a caller who cannot see that team`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    await s.createTeam('payments');
    const search = await s.createTeam('search');
    const paymentsId = (
      await s.store.db
        .selectFrom('teams')
        .select('id')
        .where('name', '=', 'payments')
        .executeTakeFirstOrThrow()
    ).id;
    const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: paymentsId }]);
    const arch = await s.caller('arch@example.com', [{ role: 'architect', teamId: paymentsId }]);
    const viewer = await s.caller('view@example.com', [{ role: 'viewer', teamId: search }]);
    type Caller = { bearer: string };
    const call = (c: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      s.app.inject({ method, url, headers: { authorization: c.bearer }, ...(payload ? { payload } : {}) });
    assert.equal(
      (await call(admin, 'POST', '/api/services', { name: 'finder', owner: 'search' })).statusCode,
      201,
    );
    const upload = (service: string) => ({ service, report: report(manyFindings(1, service)) });

    const probes: Array<
      [Caller, 'GET' | 'POST' | 'PATCH' | 'DELETE', (name: string) => string, ((name: string) => object)?]
    > = [
      [dev, 'GET', (n) => `/api/services/${n}`],
      [arch, 'PATCH', (n) => `/api/services/${n}`, () => ({ tier: 'low' })],
      [arch, 'DELETE', (n) => `/api/services/${n}`],
      [dev, 'POST', () => '/api/uploads', upload],
      [dev, 'GET', (n) => `/api/findings?service=${n}`],
      [dev, 'GET', (n) => `/api/posture/counts?by=severity&service=${n}`],
    ];
    for (const [who, method, url, body] of probes) {
      const hidden = await call(who, method, url('finder'), body?.('finder'));
      const missing = await call(who, method, url('ghost'), body?.('ghost'));
      const label = `${method} ${url('…')}`;
      assert.equal(hidden.statusCode, 404, `${label}: ${hidden.body}`);
      assert.equal(missing.statusCode, 404, `${label}: ${missing.body}`);
      assert.deepEqual(
        hidden.json(),
        JSON.parse(missing.body.replaceAll('ghost', 'finder')),
        `${label}: same answer for hidden and missing`,
      );
    }

    // Who may see search's services gets the real answers: a viewer of search reads it, and its
    // upload is refused with the permission it lacks (403), a missing name still 404 with the hint.
    assert.equal((await call(viewer, 'GET', '/api/services/finder')).statusCode, 200);
    const refused = await call(viewer, 'POST', '/api/uploads', upload('finder'));
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().details.permission, 'findings:upload');
    const ghost = await call(admin, 'POST', '/api/uploads', upload('ghost'));
    assert.equal(ghost.statusCode, 404);
    assert.match(ghost.json().details.hint, /create it in the catalog first/);
    assert.equal((await call(admin, 'GET', '/api/services/finder')).statusCode, 200);
  });
}

/**
 * Service names cannot be probed: to a caller who may not see another team's services, "that
 * team's service" and "no such service" get the same answer (status, message and hint), on
 * every route that takes a service name. Callers who may see the team keep the real answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manyFindings, report } from '../../test/fixtures/posture/reports.ts';
import { TEST_DIALECTS } from '../store/testing/test-stores.ts';
import { type Caller, testServer } from './testing/test-server.ts';

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
    const call = s.as;
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

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: another team, or a system a caller cannot see, answers exactly like a missing one`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const { payments, search, admin } = await s.twoTeams();
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
    const arch = await s.caller('arch@example.com', [{ role: 'architect', teamId: payments }]);
    const viewer = await s.caller('view@example.com', [{ role: 'viewer', teamId: search }]);
    type Method = 'GET' | 'PUT' | 'PATCH' | 'DELETE';
    const call = s.as;
    const made = async (url: string, payload: object) =>
      assert.equal((await call(admin, 'POST', url, payload)).statusCode, 201, url);
    await made('/api/systems', { name: 'index', owner: 'search' });
    await made('/api/systems', { name: 'lone' }); // ownerless, holds nothing of payments
    await made('/api/systems', { name: 'mall' }); // ownerless, holds a payments service
    await made('/api/services', { name: 'finder', owner: 'search', system: 'index' });
    await made('/api/services', { name: 'checkout', owner: 'payments', system: 'mall' });
    const names = async (c: Caller, url: string) =>
      ((await call(c, 'GET', url)).json() as { name: string }[]).map((x) => x.name);

    // [caller, method, url of a name, body, status]: the hidden name and a missing one must get
    // the same bytes. Team and system writes need a global grant, so a team role's 403 is already
    // the same for every name; the probe keeps it that way.
    const ghostId = '00000000-0000-4000-8000-000000000000';
    const probes: Array<[Caller, Method, string, string, object | undefined, number]> = [
      [dev, 'GET', '/api/services?team=NAME', 'search', undefined, 404],
      [dev, 'GET', '/api/services?team=NAME', search, undefined, 404],
      [dev, 'GET', '/api/teams/NAME', 'search', undefined, 404],
      [dev, 'GET', '/api/teams/NAME', search, undefined, 404],
      [dev, 'GET', '/api/systems/NAME', 'index', undefined, 404],
      [dev, 'GET', '/api/systems/NAME', 'lone', undefined, 404],
      [arch, 'PATCH', '/api/teams/NAME', 'search', { displayName: 'x' }, 403],
      [arch, 'DELETE', '/api/teams/NAME', 'search', undefined, 403],
      [arch, 'PATCH', '/api/systems/NAME', 'index', { displayName: 'x' }, 403],
      [arch, 'DELETE', '/api/systems/NAME', 'index', undefined, 403],
      [arch, 'PUT', '/api/people/dev@example.com/teams/NAME/roles', 'search', { roles: [] }, 403],
      // A service body's system: attaching to another team's system would reveal that it exists.
      [arch, 'PATCH', '/api/services/checkout', 'index', { system: 'NAME' }, 404],
      [arch, 'PATCH', '/api/services/checkout', 'lone', { system: 'NAME' }, 404],
    ];
    for (const [who, method, url, name, body, status] of probes) {
      const ghost = name.includes('-') ? ghostId : 'ghost';
      const withName = (n: string) => body && JSON.parse(JSON.stringify(body).replace('NAME', n));
      const hidden = await call(who, method, url.replace('NAME', name), withName(name));
      const missing = await call(who, method, url.replace('NAME', ghost), withName(ghost));
      const label = `${method} ${url.replace('NAME', name)}`;
      assert.equal(hidden.statusCode, status, `${label}: ${hidden.body}`);
      assert.equal(hidden.body, missing.body.replaceAll(ghost, name), `${label}: same answer as ${ghost}`);
      assert.equal(hidden.headers['content-type'], missing.headers['content-type'], label);
      if (status === 404)
        assert.match(
          hidden.json().details.hint,
          /lists the (teams|systems) you may see|create the system first/,
        );
    }

    // Who may see the team or system gets the real answer.
    assert.deepEqual(await names(dev, '/api/services?team=payments'), ['checkout']);
    assert.equal((await call(dev, 'GET', '/api/teams/payments')).json().id, payments);
    const mall = await call(dev, 'GET', '/api/systems/mall');
    assert.equal(mall.statusCode, 403, 'listed for its payments service, so not hidden: the real 403');
    assert.equal(mall.json().details.permission, 'catalog:read');
    assert.deepEqual(await names(dev, '/api/systems'), ['mall']);
    const create = { name: 'cart', owner: 'payments', system: 'index' };
    const refused = await call(arch, 'POST', '/api/services', create);
    assert.equal(refused.statusCode, 404, refused.body);
    assert.deepEqual(refused.json().details.field, 'body.system');
    const attached = await call(admin, 'POST', '/api/services', create);
    assert.equal(attached.statusCode, 201, 'a global writer attaches any system');
    assert.equal(
      (await call(arch, 'PATCH', '/api/services/checkout', { system: 'mall' })).statusCode,
      200,
      'a system listed for its payments service can be named',
    );
    for (const c of [admin, viewer]) {
      assert.deepEqual(await names(c, '/api/services?team=search'), ['finder']);
      assert.deepEqual(await names(c, `/api/services?team=${search}`), ['finder']);
      assert.equal((await call(c, 'GET', '/api/teams/search')).json().id, search);
      assert.equal((await call(c, 'GET', '/api/systems/index')).json().name, 'index');
    }
    assert.equal((await call(admin, 'GET', '/api/systems/lone')).statusCode, 200);
    assert.equal((await call(viewer, 'GET', '/api/systems/lone')).statusCode, 404);
    const gone = await call(admin, 'GET', '/api/teams/ghost');
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.json().details, { hint: 'GET /api/teams lists the teams you may see' });
    assert.equal((await call(admin, 'PATCH', '/api/teams/search', { displayName: 'S' })).statusCode, 200);
  });
}

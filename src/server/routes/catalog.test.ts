import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const fixture = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'catalog', 'catalog-info.yaml'),
  'utf8',
);

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: catalog routes — CRUD, 400 naming the field, 404 with hint, 409, audit`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: object) =>
      s.app.inject({
        method,
        url,
        headers: { authorization: admin.bearer },
        ...(payload ? { payload } : {}),
      });

    const team = await call('POST', '/api/teams', { name: 'payments', displayName: 'Payments' });
    assert.equal(team.statusCode, 201);
    assert.equal((await call('POST', '/api/teams', { name: 'payments' })).statusCode, 409);
    const badName = await call('POST', '/api/teams', { name: 'has space' });
    assert.equal(badName.statusCode, 400);
    assert.equal(badName.json().details.field, 'body.name');
    const missing = await call('POST', '/api/services', { name: 'checkout' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().details.field, 'body.owner');
    const badTier = await call('POST', '/api/services', {
      name: 'checkout',
      owner: 'payments',
      tier: 'gold',
    });
    assert.equal(badTier.statusCode, 400);
    assert.match(badTier.json().details.field, /^body\.tier/);
    const noTeam = await call('POST', '/api/services', { name: 'checkout', owner: 'ghost' });
    assert.equal(noTeam.statusCode, 404);
    assert.match(noTeam.json().details.hint, /POST \/api\/teams/);

    const svc = await call('POST', '/api/services', {
      name: 'checkout',
      owner: 'payments',
      tier: 'critical',
      repository: 'https://github.com/acme/checkout',
    });
    assert.equal(svc.statusCode, 201);
    assert.equal(svc.json().ownerTeamId, team.json().id);
    const patched = await call('PATCH', '/api/services/checkout', { tier: null });
    assert.equal(patched.json().tier, null);
    assert.deepEqual(
      (await call('GET', '/api/services?team=payments')).json().map((x: { name: string }) => x.name),
      ['checkout'],
    );
    const gone = await call('GET', '/api/services/nope');
    assert.equal(gone.statusCode, 404);
    assert.match(gone.json().details.hint, /GET \/api\/services/);
    assert.equal((await call('DELETE', '/api/teams/payments')).statusCode, 409);

    const person = await call('POST', '/api/people', {
      email: 'ann@example.com',
      grants: [{ role: 'architect', teamId: team.json().id }],
    });
    assert.equal(person.statusCode, 201);
    await call('POST', '/api/teams', { name: 'search' });
    const roles = await call('PUT', `/api/people/ann@example.com/teams/search/roles`, {
      roles: ['architect'],
    });
    assert.equal(roles.statusCode, 200);
    assert.equal(roles.json().grants.length, 2);
    assert.equal(
      (await call('PUT', `/api/people/ann@example.com/teams/search/roles`, { roles: ['wizard'] })).json()
        .details.field,
      'body.roles[0]',
    );
    assert.equal((await call('GET', '/api/people')).json().length, 2);

    assert.equal((await call('DELETE', '/api/services/checkout')).statusCode, 204);
    assert.equal((await call('DELETE', '/api/teams/payments')).statusCode, 204);
    const actions = await s.auditActions();
    for (const a of [
      'catalog.team.create',
      'catalog.service.update',
      'catalog.person.team-roles',
      'catalog.team.delete',
    ])
      assert.ok(actions.includes(a), `audit has ${a}`);
  });

  test(`${dialect}: catalog authorisation — viewer reads, cannot write; no one grants more than they hold`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const payments = await s.createTeam('payments');
    const viewer = await s.caller('v@example.com', [{ role: 'viewer', teamId: null }]);
    const architect = await s.caller('arch@example.com', [{ role: 'architect', teamId: null }]);
    const as = s.as;

    assert.equal((await as(viewer, 'GET', '/api/teams')).statusCode, 200);
    const denied = await as(viewer, 'POST', '/api/teams', { name: 'x' });
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().details.permission, 'catalog:write');
    assert.equal((await as(architect, 'POST', '/api/teams', { name: 'x' })).statusCode, 201);
    // catalog:write without roles:manage: may not create people with roles, nor hand out admin.
    const withGrants = await as(architect, 'POST', '/api/people', {
      email: 'e@x.io',
      grants: [{ role: 'admin', teamId: null }],
    });
    assert.equal(withGrants.statusCode, 403);
    assert.equal((await as(architect, 'POST', '/api/people', { email: 'e@x.io' })).statusCode, 201);
    const escalate = await as(architect, 'PUT', `/api/people/e@x.io/teams/${payments}/roles`, {
      roles: ['admin'],
    });
    assert.equal(escalate.statusCode, 403);
    const ok = await as(architect, 'PUT', `/api/people/e@x.io/teams/${payments}/roles`, {
      roles: ['developer'],
    });
    assert.equal(ok.statusCode, 403, 'architects lack findings:upload, so they cannot grant developer');
    const viewerRole = await as(architect, 'PUT', `/api/people/e@x.io/teams/${payments}/roles`, {
      roles: ['viewer'],
    });
    assert.equal(viewerRole.statusCode, 200);
  });

  test(`${dialect}: a team-scoped architect writes the services of their teams only`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const payments = await s.createTeam('payments');
    await s.createTeam('search');
    const arch = await s.caller('arch@example.com', [{ role: 'architect', teamId: payments }]);
    const viewer = await s.caller('v@example.com', [{ role: 'viewer', teamId: null }]);
    const as = s.as;

    assert.equal(
      (await as(arch, 'POST', '/api/services', { name: 'checkout', owner: 'payments' })).statusCode,
      201,
    );
    const other = await as(arch, 'POST', '/api/services', { name: 'finder', owner: 'search' });
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().details.permission, 'catalog:write');
    assert.equal((await as(arch, 'PATCH', '/api/services/checkout', { owner: 'search' })).statusCode, 403);
    assert.equal((await as(arch, 'PATCH', '/api/services/checkout', { tier: 'high' })).statusCode, 200);
    assert.equal((await as(viewer, 'PATCH', '/api/services/checkout', { tier: 'low' })).statusCode, 403);
    assert.equal((await as(viewer, 'DELETE', '/api/services/checkout')).statusCode, 403);
    assert.equal(
      (await as(arch, 'POST', '/api/teams', { name: 'new' })).statusCode,
      403,
      'teams need a global grant',
    );
    assert.equal((await as(arch, 'DELETE', '/api/services/checkout')).statusCode, 204);
  });

  test(`${dialect}: POST /api/catalog/import takes YAML and reports per entity`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const post = (payload: string, type = 'application/yaml') =>
      s.app.inject({
        method: 'POST',
        url: '/api/catalog/import?file=catalog-info.yaml',
        headers: { authorization: admin.bearer, 'content-type': type },
        payload,
      });
    const res = await post(fixture);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().counts.created, 6);
    assert.equal(res.json().counts.error, 2);
    const orphan = res.json().entries.find((e: { name: string }) => e.name === 'orphan');
    assert.equal(`${orphan.file}:${orphan.line}`, 'catalog-info.yaml:72');
    assert.equal((await post(fixture)).json().counts.unchanged, 6);
    const json = await post('{}', 'application/json');
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().details.field, 'body');
  });

  test(`${dialect}: catalog reads are team-scoped — a developer of one team sees its services only`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const { payments, search, admin } = await s.twoTeams();
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
    const auditor = await s.caller('aud@example.com', [{ role: 'auditor', teamId: null }]);
    const nobody = await s.caller('nobody@example.com', []);
    const as = s.as;
    const names = async (c: { bearer: string }, url: string) =>
      ((await as(c, 'GET', url)).json() as { name: string }[]).map((x) => x.name);

    assert.equal(
      (await as(admin, 'POST', '/api/systems', { name: 'shop', owner: 'payments' })).statusCode,
      201,
    );
    assert.equal(
      (await as(admin, 'POST', '/api/systems', { name: 'index', owner: 'search' })).statusCode,
      201,
    );
    const checkout = await as(admin, 'POST', '/api/services', {
      name: 'checkout',
      owner: 'payments',
      system: 'shop',
      lifecycle: 'production',
      type: 'service',
    });
    assert.equal(checkout.statusCode, 201);
    assert.deepEqual(
      [checkout.json().lifecycle, checkout.json().type, typeof checkout.json().systemId],
      ['production', 'service', 'string'],
    );
    assert.equal(
      (await as(admin, 'POST', '/api/services', { name: 'finder', owner: 'search' })).statusCode,
      201,
    );
    const badSystem = await as(admin, 'PATCH', '/api/services/finder', { system: 'ghost' });
    assert.equal(badSystem.statusCode, 404);
    assert.match(badSystem.json().details.hint, /POST \/api\/systems/);
    const badLifecycle = await as(admin, 'PATCH', '/api/services/finder', { lifecycle: 'In Prod' });
    assert.equal(badLifecycle.statusCode, 400);
    assert.equal(badLifecycle.json().details.field, 'body.lifecycle');

    // The developer of payments: payments' team, service and system; nothing of search.
    assert.deepEqual(await names(dev, '/api/teams'), ['payments']);
    assert.deepEqual(await names(dev, '/api/services'), ['checkout']);
    assert.deepEqual(await names(dev, '/api/systems'), ['shop']);
    assert.equal((await as(dev, 'GET', '/api/services/checkout')).statusCode, 200);
    assert.equal((await as(dev, 'GET', `/api/teams/${payments}`)).statusCode, 200);
    // Another team's service answers like a missing one (names cannot be probed: service-probe.test.ts).
    const hidden = await as(dev, 'GET', '/api/services/finder');
    assert.equal(hidden.statusCode, 404, hidden.body);
    assert.equal(hidden.json().message, 'service finder not found');
    // So do another team, by URL or ?team=, and its system (service-probe.test.ts).
    for (const [url, message] of [
      [`/api/teams/${search}`, `team ${search} not found`],
      ['/api/teams/search', 'team search not found'],
      ['/api/services?team=search', 'team search not found'],
      ['/api/systems/index', 'system index not found'],
    ]) {
      const res = await as(dev, 'GET', url as string);
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().message, message);
    }
    assert.equal((await as(dev, 'PATCH', '/api/services/finder', { tier: 'low' })).statusCode, 403);
    assert.equal((await as(dev, 'PATCH', '/api/services/checkout', { tier: 'low' })).statusCode, 403);
    assert.equal((await as(dev, 'POST', '/api/systems', { name: 'mine' })).statusCode, 403);
    // A global read role (auditor) sees every team; a caller without roles sees nothing.
    assert.deepEqual(await names(auditor, '/api/services'), ['checkout', 'finder']);
    assert.deepEqual(await names(auditor, '/api/systems'), ['index', 'shop']);
    assert.equal((await as(auditor, 'GET', '/api/services/finder')).statusCode, 200);
    for (const url of ['/api/teams', '/api/services', '/api/systems'])
      assert.equal((await as(nobody, 'GET', url)).statusCode, 403, url);
    // Systems: renamed and deleted by a global catalog writer; the service stays, without a system.
    assert.equal((await as(admin, 'PATCH', '/api/systems/shop', { owner: null })).json().ownerTeamId, null);
    assert.deepEqual(await names(dev, '/api/systems'), ['shop'], 'still listed: it holds a payments service');
    const del = await s.app.inject({
      method: 'DELETE',
      url: '/api/systems/shop',
      headers: { authorization: admin.bearer },
    });
    assert.equal(del.statusCode, 204);
    assert.equal((await as(dev, 'GET', '/api/services/checkout')).json().systemId, null);
    const actions = await s.auditActions();
    for (const a of ['catalog.system.create', 'catalog.system.update', 'catalog.system.delete'])
      assert.ok(actions.includes(a), `audit has ${a}`);
  });
}

/**
 * "Permissions scoped to teams", across every route that touches a team's objects: a developer
 * (or architect) of payments never reads or changes search's services, findings, waivers or
 * requests, while global roles (security, auditor) reach every team within their permissions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manyFindings, report } from '../../test/fixtures/posture/reports.ts';
import { TEST_DIALECTS } from '../store/testing/test-stores.ts';
import { type Caller, testServer } from './testing/test-server.ts';

const FUTURE = new Date(Date.now() + 30 * 86_400_000).toISOString();

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: a team role reaches its own team's services, findings, waivers and requests only`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const { payments, search, admin } = await s.twoTeams();
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
    const arch = await s.caller('arch@example.com', [{ role: 'architect', teamId: payments }]);
    const security = await s.caller('sec@example.com', [{ role: 'security', teamId: null }]);
    const auditor = await s.caller('aud@example.com', [{ role: 'auditor', teamId: null }]);
    const call = s.as;

    for (const [name, owner] of [
      ['checkout', 'payments'],
      ['finder', 'search'],
    ] as const) {
      assert.equal((await call(admin, 'POST', '/api/services', { name, owner })).statusCode, 201);
      const up = await call(security, 'POST', '/api/uploads', {
        service: name,
        commit: 'c1',
        report: report(manyFindings(3, name)),
      });
      assert.equal(up.statusCode, 201, up.body);
    }
    const idsOf = async (c: Caller, service: string) =>
      ((await call(c, 'GET', `/api/findings?service=${service}`)).json().items as { id: string }[]).map(
        (f) => f.id,
      );
    const mine = await idsOf(admin, 'checkout');
    const theirs = await idsOf(admin, 'finder');
    assert.equal(mine.length, 3);
    assert.equal(theirs.length, 3);
    const other = theirs[0] as string;

    // Reads: lists hold only payments; search's objects by URL are refused.
    const listed = (await call(dev, 'GET', '/api/findings?limit=100')).json().items as {
      serviceName: string;
    }[];
    assert.deepEqual([...new Set(listed.map((f) => f.serviceName))], ['checkout']);
    // Another team's service is answered like a missing one (404), so its name cannot be probed.
    const byName = await call(dev, 'GET', '/api/findings?service=finder');
    assert.equal(byName.statusCode, 404, 'a service filter on another team finds no such service');
    assert.deepEqual(
      (await call(dev, 'GET', `/api/findings?team=${search}`)).json().items,
      [],
      'a team filter on another team lists nothing',
    );
    const counts = (await call(dev, 'GET', '/api/posture/counts?by=service')).json() as { key: string }[];
    assert.deepEqual(
      counts.map((c) => c.key),
      ['checkout'],
    );
    const refused: Array<[Caller, 'GET' | 'POST' | 'PATCH', string, object?]> = [
      [dev, 'GET', `/api/findings/${other}`],
      [
        dev,
        'POST',
        `/api/findings/${other}/requests`,
        { kind: 'waiver', reason: 'not ours', expiresAt: FUTURE },
      ],
      [arch, 'POST', `/api/findings/${other}/waive`, { reason: 'not ours', expiresAt: FUTURE }],
      [
        arch,
        'POST',
        '/api/findings/bulk-waive',
        { ids: [mine[0], other], reason: 'mixed', expiresAt: FUTURE },
      ],
      // Cross-team views need a global read grant.
      [dev, 'GET', '/api/posture/controls/cis'],
      [dev, 'GET', '/api/evidence/cis'],
      [dev, 'GET', '/api/audit'],
    ];
    for (const [who, method, url, payload] of refused) {
      const res = await call(who, method, url, payload);
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
    }
    // By name or id, another team and its service are "not found", exactly like missing ones.
    const hidden: Array<[Caller, 'GET' | 'POST' | 'PATCH', string, object?]> = [
      [dev, 'GET', '/api/services/finder'],
      [dev, 'GET', `/api/teams/${search}`],
      [
        dev,
        'POST',
        '/api/uploads',
        { service: 'finder', commit: 'c2', report: report(manyFindings(1, 'x')) },
      ],
      [arch, 'PATCH', '/api/services/finder', { tier: 'low' }],
    ];
    for (const [who, method, url, payload] of hidden) {
      const res = await call(who, method, url, payload);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    }
    // Nothing changed on search's side.
    const after = (await call(admin, 'GET', `/api/findings/${other}`)).json() as { status: string };
    assert.equal(after.status, 'new');
    assert.equal((await call(admin, 'GET', '/api/services/finder')).json().tier, null);

    // Their own team works.
    assert.equal((await call(dev, 'GET', `/api/findings/${mine[0]}`)).statusCode, 200);
    const waived = await call(arch, 'POST', `/api/findings/${mine[0]}/waive`, {
      reason: 'ok',
      expiresAt: FUTURE,
    });
    assert.equal(waived.statusCode, 200, waived.body);
    assert.equal((await call(arch, 'PATCH', '/api/services/checkout', { tier: 'high' })).statusCode, 200);

    // Global roles: the auditor reads every team but changes nothing; security waives anywhere.
    assert.equal((await idsOf(auditor, 'finder')).length, 3);
    assert.equal((await call(auditor, 'GET', `/api/findings/${other}`)).statusCode, 200);
    assert.equal(
      (await call(auditor, 'POST', `/api/findings/${other}/waive`, { reason: 'x', expiresAt: FUTURE }))
        .statusCode,
      403,
    );
    assert.equal((await call(auditor, 'PATCH', '/api/services/finder', { tier: 'low' })).statusCode, 403);
    assert.equal(
      (await call(security, 'POST', `/api/findings/${other}/waive`, { reason: 'x', expiresAt: FUTURE }))
        .statusCode,
      200,
    );
  });
}

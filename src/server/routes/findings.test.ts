import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finding, manyFindings, report } from '../../../test/fixtures/posture/reports.ts';
import { CatalogRepository } from '../../store/repositories/catalog-repository.ts';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: upload, list, detail, waive, accept risk, posture and evidence over HTTP`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const payments = await s.createTeam('payments');
    const search = await s.createTeam('search');
    await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: payments });
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
    const outsider = await s.caller('out@example.com', [{ role: 'developer', teamId: search }]);
    const risk = await s.caller('risk@example.com', [{ role: 'risk-owner', teamId: payments }]);
    const auditor = await s.caller('audit@example.com', [{ role: 'auditor', teamId: null }]);
    const body = {
      service: 'checkout',
      commit: 'abc',
      branch: 'main',
      report: report([finding('a'), finding('b')]),
    };

    const post = (url: string, payload: object, bearer = dev.bearer) =>
      s.app.inject({ method: 'POST', url, payload, headers: { authorization: bearer } });
    const get = (url: string, bearer = dev.bearer) =>
      s.app.inject({ url, headers: { authorization: bearer } });

    const created = await post('/api/uploads', body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().new, 2);

    // Another team's service answers like a missing one (names cannot be probed: service-probe.test.ts).
    assert.equal((await post('/api/uploads', body, outsider.bearer)).statusCode, 404, 'other team');
    const unknown = await post('/api/uploads', { ...body, service: 'ghost' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().details.hint, /catalog/);
    const bad = await post('/api/uploads', {
      ...body,
      report: { ...body.report, findings: [{ fingerprint: 'x' }] },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().details.field, 'body.report.findings[0].ruleId');
    const missing = await post('/api/uploads', { report: body.report });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().details.field, 'body.service');

    const list = await get('/api/findings?service=checkout&severity=critical&sort=severity&limit=1');
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().items.length, 1);
    assert.ok(list.json().next);
    const page2 = await get(`/api/findings?service=checkout&limit=1&after=${list.json().next}`);
    assert.equal(page2.json().items.length, 1);
    assert.notEqual(page2.json().items[0].id, list.json().items[0].id);
    assert.equal((await get('/api/findings?severity=huge')).statusCode, 400);
    assert.deepEqual(
      (await get('/api/findings', outsider.bearer)).json().items,
      [],
      'other teams see nothing',
    );

    const id = list.json().items[0].id as string;
    const detail = await get(`/api/findings/${id}`);
    assert.equal(detail.statusCode, 200, detail.body);
    assert.equal(detail.json().fix, 'fix it like this');
    assert.deepEqual(detail.json().references, ['https://example.com/ref']);
    assert.equal((await get(`/api/findings/${id}`, outsider.bearer)).statusCode, 403);

    // developers cannot waive (no findings:waive); the security role can
    assert.equal(
      (await post(`/api/findings/${id}/waive`, { reason: 'r', expiresAt: '2099-01-01' })).statusCode,
      403,
    );
    const sec = await s.caller('sec@example.com', [{ role: 'security', teamId: null }]);
    const farFuture = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const waived = await post(
      `/api/findings/${id}/waive`,
      { reason: 'compensating', expiresAt: farFuture },
      sec.bearer,
    );
    assert.equal(waived.statusCode, 200, waived.body);
    const noExpiry = await post(`/api/findings/${id}/waive`, { reason: 'x' }, sec.bearer);
    assert.equal(noExpiry.statusCode, 400);
    assert.equal(noExpiry.json().details.field, 'body.expiresAt');

    const other = page2.json().items[0].id as string;
    // security holds no risk-owner role: the service refuses even though... it lacks the permission too
    assert.equal(
      (await post(`/api/findings/${other}/accept-risk`, { reason: 'ok' }, sec.bearer)).statusCode,
      403,
    );
    const accepted = await post(
      `/api/findings/${other}/accept-risk`,
      { reason: 'business call' },
      risk.bearer,
    );
    assert.equal(accepted.statusCode, 200, accepted.body);

    const bulk = await post(
      '/api/findings/bulk-waive',
      { ids: [id, other], reason: 'r', expiresAt: farFuture },
      sec.bearer,
    );
    assert.equal(bulk.statusCode, 200, bulk.body);
    assert.deepEqual(bulk.json().changed.sort(), [id, other].sort());
    assert.equal(
      (
        await post(
          '/api/findings/bulk-waive',
          { ids: ['nope'], reason: 'r', expiresAt: farFuture },
          sec.bearer,
        )
      ).statusCode,
      404,
    );

    const counts = await get('/api/posture/counts?by=status');
    assert.deepEqual(counts.json(), [{ key: 'waived', count: 2 }]);
    const trend = await get('/api/posture/trend?days=2');
    assert.equal(trend.json().length, 2);
    assert.equal(
      (await get('/api/posture/controls/cis-kubernetes')).statusCode,
      403,
      'team-scoped developer',
    );
    const controls = await get('/api/posture/controls/cis-kubernetes', auditor.bearer);
    assert.equal(controls.statusCode, 200, controls.body);
    assert.equal(controls.json().controls[0].rules[0].services[0].result, 'excepted');
    const csv = await get('/api/evidence/cis-kubernetes?format=csv', auditor.bearer);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.body, /^framework,control,rule_id/);
    const json = await get('/api/evidence/nist-800-53?format=json', auditor.bearer);
    assert.equal(json.json().framework, 'nist-800-53');
    assert.equal((await get('/api/evidence/nope', auditor.bearer)).statusCode, 404);

    const actions = await s.auditActions();
    assert.ok(
      actions.includes('findings.upload') &&
        actions.includes('finding.waive') &&
        actions.includes('finding.accept-risk'),
    );
    const openapi = (await s.app.inject({ url: '/openapi.json' })).json();
    for (const path of ['/api/uploads', '/api/findings', '/api/findings/{id}', '/api/evidence/{framework}'])
      assert.ok(openapi.paths[path], `${path} in /openapi.json`);
  });

  test(`${dialect}: uploads over the body limit get 413`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const team = await s.createTeam('payments');
    await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: team });
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: team }]);
    // 64 MiB default: 70 MB of findings is over it.
    const big = JSON.stringify({
      service: 'checkout',
      report: report(manyFindings(10)),
      pad: 'x'.repeat(70 * 1024 * 1024),
    });
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/uploads',
      payload: big,
      headers: { authorization: dev.bearer, 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().code, 'E_TOO_LARGE');
  });
}

test('sqlite: the server passes its SLA configuration to the findings lifecycle', async (t) => {
  const s = await testServer(t, 'sqlite', { config: { sla: { critical: 1 } } });
  if (!s) return;
  const team = await s.createTeam('payments');
  await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: team });
  const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: team }]);
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/uploads',
    payload: { service: 'checkout', report: report([finding('a')]) },
    headers: { authorization: dev.bearer },
  });
  assert.equal(res.statusCode, 201, res.body);
  const [f] = (await s.posture.list({}, { limit: 1, sort: 'severity' })).items;
  assert.ok(f);
  assert.equal(Date.parse(f.slaDueAt as string) - Date.parse(f.firstSeenAt), 86_400_000);
});

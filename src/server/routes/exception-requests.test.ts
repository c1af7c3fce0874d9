import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finding, report } from '../../../test/fixtures/posture/reports.ts';
import { CatalogRepository } from '../../store/repositories/catalog-repository.ts';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const DAY = 86_400_000;

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: waiver request → pending → approved applies the waiver; reject, four eyes, risk acceptance needs the risk owner`, async (t) => {
    let clock = Date.parse('2026-06-01T00:00:00Z');
    const s = await testServer(t, dialect, { now: () => new Date(clock) });
    if (!s) return;
    const payments = await s.createTeam('payments');
    const search = await s.createTeam('search');
    await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: payments });
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
    const sec = await s.caller('sec@example.com', [{ role: 'security', teamId: payments }]);
    const risk = await s.caller('risk@example.com', [{ role: 'risk-owner', teamId: payments }]);
    const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const otherSec = await s.caller('sec2@example.com', [{ role: 'security', teamId: search }]);
    const viewer = await s.caller('view@example.com', [{ role: 'viewer', teamId: payments }]);
    const post = (url: string, payload: object, bearer: string) =>
      s.app.inject({ method: 'POST', url, payload, headers: { authorization: bearer } });
    const get = (url: string, bearer: string) => s.app.inject({ url, headers: { authorization: bearer } });

    const up = await post(
      '/api/uploads',
      { service: 'checkout', report: report([finding('a'), finding('b'), finding('c')]) },
      dev.bearer,
    );
    assert.equal(up.statusCode, 201, up.body);
    const ids = (await get('/api/findings?service=checkout&sort=oldest', dev.bearer))
      .json()
      .items.map((f: { id: string }) => f.id) as string[];
    const [a, b, c] = ids as [string, string, string];
    const in30 = new Date(clock + 30 * DAY).toISOString();

    // Requesting: a developer may; a viewer may not; bad input names the field.
    assert.equal(
      (
        await post(
          `/api/findings/${a}/requests`,
          { kind: 'waiver', reason: 'r', expiresAt: in30 },
          viewer.bearer,
        )
      ).statusCode,
      403,
    );
    const noExpiry = await post(`/api/findings/${a}/requests`, { kind: 'waiver', reason: 'r' }, dev.bearer);
    assert.equal(noExpiry.statusCode, 400);
    assert.equal(noExpiry.json().details.field, 'body.expiresAt');
    const tooLate = await post(
      `/api/findings/${a}/requests`,
      { kind: 'waiver', reason: 'r', expiresAt: new Date(clock + 400 * DAY).toISOString() },
      dev.bearer,
    );
    assert.equal(tooLate.statusCode, 400);
    assert.equal(tooLate.json().details.field, 'body.expiresAt');
    const blank = await post(
      `/api/findings/${a}/requests`,
      { kind: 'waiver', reason: '  ', expiresAt: in30 },
      dev.bearer,
    );
    assert.equal(blank.json().details.field, 'body.reason');

    const asked = await post(
      `/api/findings/${a}/requests`,
      { kind: 'waiver', reason: 'vendor fix due next sprint', expiresAt: in30 },
      dev.bearer,
    );
    assert.equal(asked.statusCode, 201, asked.body);
    const requestId = asked.json().id as string;
    assert.equal(asked.json().status, 'pending');
    assert.equal(asked.json().canDecide, false, 'the requester never decides');
    const again = await post(
      `/api/findings/${a}/requests`,
      { kind: 'waiver', reason: 'x', expiresAt: in30 },
      dev.bearer,
    );
    assert.equal(again.statusCode, 409, 'one pending request per finding');

    // The queue: pending requests of the caller's teams, with what the reviewer needs to see.
    const queue = await get('/api/exception-requests', sec.bearer);
    assert.equal(queue.statusCode, 200, queue.body);
    assert.deepEqual(
      queue
        .json()
        .items.map((r: { id: string; canDecide: boolean; finding: { serviceName: string } }) => [
          r.id,
          r.canDecide,
          r.finding.serviceName,
        ]),
      [[requestId, true, 'checkout']],
    );
    assert.deepEqual((await get('/api/exception-requests', otherSec.bearer)).json().items, [], 'other team');
    assert.equal((await get('/api/exception-requests?status=maybe', sec.bearer)).statusCode, 400);
    // Still pending: the finding is untouched.
    assert.equal((await get(`/api/findings/${a}`, dev.bearer)).json().status, 'new');

    // Deciding: not the requester, not another team (404: they cannot see it), not a viewer.
    const own = await post(`/api/exception-requests/${requestId}/approve`, {}, dev.bearer);
    assert.equal(own.statusCode, 403, own.body);
    assert.equal(
      (await post(`/api/exception-requests/${requestId}/approve`, {}, otherSec.bearer)).statusCode,
      404,
    );
    const viewerTry = await post(`/api/exception-requests/${requestId}/approve`, {}, viewer.bearer);
    assert.equal(viewerTry.statusCode, 403);
    assert.equal(viewerTry.json().details.permission, 'findings:waive');

    const approved = await post(
      `/api/exception-requests/${requestId}/approve`,
      { note: 'ok until the fix' },
      sec.bearer,
    );
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().status, 'approved');
    const waived = (await get(`/api/findings/${a}`, dev.bearer)).json();
    assert.equal(waived.status, 'waived');
    assert.deepEqual(
      waived.exceptions.map((e: { kind: string; status: string; reason: string }) => [
        e.kind,
        e.status,
        e.reason,
      ]),
      [['waiver', 'approved', 'vendor fix due next sprint']],
    );
    assert.equal(waived.exceptions[0].owner.startsWith('token:'), true, 'owner defaults to the requester');
    assert.equal(
      (await post(`/api/exception-requests/${requestId}/reject`, { note: 'no' }, admin.bearer)).statusCode,
      409,
    );
    const history = (await get(`/api/findings/${a}/requests`, viewer.bearer)).json().items;
    assert.deepEqual(
      history.map((r: { status: string; decisionNote: string }) => [r.status, r.decisionNote]),
      [['approved', 'ok until the fix']],
    );

    // Rejection needs a note, keeps the finding as it was.
    const second = await post(
      `/api/findings/${b}/requests`,
      { kind: 'waiver', reason: 'later', expiresAt: in30 },
      dev.bearer,
    );
    const noNote = await post(`/api/exception-requests/${second.json().id}/reject`, { note: '' }, sec.bearer);
    assert.equal(noNote.statusCode, 400);
    const rejected = await post(
      `/api/exception-requests/${second.json().id}/reject`,
      { note: 'fix it' },
      risk.bearer,
    );
    assert.equal(rejected.statusCode, 200, rejected.body);
    assert.equal((await get(`/api/findings/${b}`, dev.bearer)).json().status, 'new');

    // Risk acceptance: only a risk owner of the team decides it; not security, not an admin without the role.
    const accept = await post(
      `/api/findings/${c}/requests`,
      { kind: 'risk-acceptance', reason: 'legacy, isolated' },
      dev.bearer,
    );
    assert.equal(accept.statusCode, 201, accept.body);
    const acceptId = accept.json().id as string;
    const bySec = await post(`/api/exception-requests/${acceptId}/approve`, {}, sec.bearer);
    assert.equal(bySec.statusCode, 403);
    assert.equal(bySec.json().details.permission, 'findings:accept-risk');
    assert.equal(
      (await post(`/api/exception-requests/${acceptId}/approve`, {}, admin.bearer)).statusCode,
      403,
    );
    assert.equal(
      (await post(`/api/exception-requests/${acceptId}/approve`, {}, risk.bearer)).statusCode,
      200,
    );
    const accepted = (await get(`/api/findings/${c}`, dev.bearer)).json();
    assert.equal(accepted.status, 'risk-accepted');

    // Expiry reopens an approved waiver as a direct one would.
    clock += 31 * DAY;
    assert.equal((await get(`/api/findings/${a}`, dev.bearer)).json().status, 'reopened');

    // An approval that can no longer apply (expiry passed while pending) leaves the request pending.
    const late = await post(
      `/api/findings/${b}/requests`,
      { kind: 'waiver', reason: 'short', expiresAt: new Date(clock + DAY).toISOString() },
      dev.bearer,
    );
    clock += 2 * DAY;
    const stale = await post(`/api/exception-requests/${late.json().id}/approve`, {}, sec.bearer);
    assert.equal(stale.statusCode, 409, stale.body);
    assert.match(stale.json().message, /expiresAt/);
    assert.equal((await get(`/api/exception-requests?status=pending`, sec.bearer)).json().items.length, 1);

    // Every step is in the audit log, by the right actor.
    const entries = await s.audit.search({ actionPrefix: 'finding.' }, { limit: 100 });
    const actions = entries.map((e) => e.action).reverse();
    assert.deepEqual(actions, [
      'finding.exception-request',
      'finding.waive',
      'finding.exception-request.approve',
      'finding.exception-request',
      'finding.exception-request.reject',
      'finding.exception-request',
      'finding.accept-risk',
      'finding.exception-request.approve',
      'finding.exception-expired',
      'finding.exception-request',
    ]);
    const approve = entries.find((e) => e.action === 'finding.exception-request.approve');
    assert.equal(approve?.target, `finding:${c}`);
    assert.equal(approve?.details.requestId, acceptId);
  });
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: two reviewers approving one request at once: exactly one applies it`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const payments = await s.createTeam('payments');
    await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: payments });
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
    const reviewers = await Promise.all(
      ['a', 'b', 'c', 'd'].map((n) =>
        s.caller(`sec-${n}@example.com`, [{ role: 'security', teamId: payments }]),
      ),
    );
    const post = (url: string, payload: object, bearer: string) =>
      s.app.inject({ method: 'POST', url, payload, headers: { authorization: bearer } });
    assert.equal(
      (await post('/api/uploads', { service: 'checkout', report: report([finding('a')]) }, dev.bearer))
        .statusCode,
      201,
    );
    const list = await s.app.inject({ url: '/api/findings', headers: { authorization: dev.bearer } });
    const id = list.json().items[0].id as string;
    const asked = await post(
      `/api/findings/${id}/requests`,
      { kind: 'waiver', reason: 'r', expiresAt: new Date(Date.now() + 7 * DAY).toISOString() },
      dev.bearer,
    );
    const results = await Promise.all(
      reviewers.map((r) => post(`/api/exception-requests/${asked.json().id}/approve`, {}, r.bearer)),
    );
    assert.deepEqual(
      results.map((r) => r.statusCode).sort(),
      [200, 409, 409, 409],
      results.map((r) => r.body).join('\n'),
    );
    const waives = await s.audit.search({ action: 'finding.waive', target: `finding:${id}` }, { limit: 10 });
    assert.equal(waives.length, 1, 'the waiver was applied once');
    const approvals = await s.audit.search({ action: 'finding.exception-request.approve' }, { limit: 10 });
    assert.equal(approvals.length, 1);
  });
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: the request queue pages oldest first with a cursor`, async (t) => {
    let clock = Date.parse('2026-06-01T00:00:00Z');
    const s = await testServer(t, dialect, { now: () => new Date(clock) });
    if (!s) return;
    const payments = await s.createTeam('payments');
    await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: payments });
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
    const headers = { authorization: dev.bearer };
    await s.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers,
      payload: { service: 'checkout', report: report([finding('a'), finding('b'), finding('c')]) },
    });
    const ids = (await s.app.inject({ url: '/api/findings?sort=oldest', headers }))
      .json()
      .items.map((f: { id: string }) => f.id) as string[];
    const made: string[] = [];
    for (const id of ids) {
      clock += 60_000;
      const res = await s.app.inject({
        method: 'POST',
        url: `/api/findings/${id}/requests`,
        headers,
        payload: { kind: 'risk-acceptance', reason: `r ${id}` },
      });
      made.push(res.json().id);
    }
    const first = (await s.app.inject({ url: '/api/exception-requests?limit=2', headers })).json();
    assert.deepEqual(
      first.items.map((r: { id: string }) => r.id),
      made.slice(0, 2),
    );
    assert.ok(first.next);
    const second = (
      await s.app.inject({ url: `/api/exception-requests?limit=2&after=${first.next}`, headers })
    ).json();
    assert.deepEqual(
      second.items.map((r: { id: string }) => r.id),
      made.slice(2),
    );
    assert.equal(second.next, undefined);
  });
}

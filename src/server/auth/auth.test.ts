import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies.ts';

const PASSWORD = 'correct horse battery staple';

function cookiesOf(res: { cookies: Array<{ name: string; value: string }> }): Record<string, string> {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: the bootstrap link creates the first admin once, then signs them in`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    assert.equal(await s.accounts.hasAdmin(), false);
    const token = await s.accounts.createBootstrapSecret();
    const stored = await s.store.db
      .selectFrom('bootstrap_tokens' as never)
      .selectAll()
      .execute();
    assert.equal(JSON.stringify(stored).includes(token), false, 'only the hash is stored');

    const body = { token, email: 'Admin@Example.com', displayName: 'Ada', password: PASSWORD };
    const short = await s.app.inject({
      method: 'POST',
      url: '/api/auth/bootstrap',
      payload: { ...body, password: 'short' },
    });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().details.field, 'body.password');

    const res = await s.app.inject({ method: 'POST', url: '/api/auth/bootstrap', payload: body });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().me.grants, [{ role: 'admin', teamId: null }]);
    assert.equal(await s.accounts.hasAdmin(), true);
    const session = res.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(session);
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, 'Lax');

    const again = await s.app.inject({
      method: 'POST',
      url: '/api/auth/bootstrap',
      payload: { ...body, email: 'x@example.com' },
    });
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().code, 'E_UNAUTHENTICATED');
    assert.deepEqual(await s.auditActions(), ['auth.bootstrap', 'auth.sign-in']);

    // The password set through the link works for normal sign-in (email is case-insensitive).
    const signIn = await s.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'admin@example.com', password: PASSWORD },
    });
    assert.equal(signIn.statusCode, 200);
  });

  test(`${dialect}: an expired bootstrap link is refused`, async (t) => {
    let now = new Date('2026-01-01T00:00:00Z');
    const s = await testServer(t, dialect, { now: () => now });
    if (!s) return;
    const token = await s.accounts.createBootstrapSecret();
    now = new Date('2026-01-01T01:00:01Z');
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/auth/bootstrap',
      payload: { token, email: 'a@example.com', displayName: 'A', password: PASSWORD },
    });
    assert.equal(res.statusCode, 401);
    assert.equal(await s.accounts.hasAdmin(), false);
  });

  test(`${dialect}: two simultaneous uses of one bootstrap link make exactly one admin`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const token = await s.accounts.createBootstrapSecret();
    const results = await Promise.all(
      ['a', 'b', 'c'].map((n) =>
        s.app.inject({
          method: 'POST',
          url: '/api/auth/bootstrap',
          payload: { token, email: `${n}@example.com`, displayName: n, password: PASSWORD },
        }),
      ),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 401, 401]);
    assert.equal(await s.accountsRepo.countGlobalAdmins(), 1);
  });

  test(`${dialect}: sign-in failures look identical for an unknown email and a wrong password`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const { person } = await s.caller('dev@example.com', [{ role: 'developer', teamId: null }]);
    await s.accounts.setPassword(person.id, PASSWORD);
    const attempt = (email: string, password: string) =>
      s.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
    const wrong = await attempt('dev@example.com', 'wrong password!!');
    const unknown = await attempt('nobody@example.com', PASSWORD);
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.cookies.length, 0);
    const ok = await attempt('dev@example.com', PASSWORD);
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json().me.permissions, [
      'catalog:read',
      'findings:read',
      'findings:upload',
      'findings:request-exception',
      'tokens:manage',
    ]);
  });

  test(`${dialect}: sessions — /api/me, CSRF on state changes, sign-out ends the session`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const { person } = await s.caller('v@example.com', [{ role: 'viewer', teamId: null }]);
    await s.accounts.setPassword(person.id, PASSWORD);
    const signIn = await s.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'v@example.com', password: PASSWORD },
    });
    const jar = cookiesOf(signIn);
    const cookie = `${SESSION_COOKIE}=${jar[SESSION_COOKIE]}`;
    assert.equal(jar.rampart_csrf, signIn.json().csrfToken);

    const me = await s.app.inject({ url: '/api/me', headers: { cookie } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, 'v@example.com');
    assert.equal(me.json().authenticatedBy, 'session');

    const noCsrf = await s.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'E_CSRF');
    const wrongCsrf = await s.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie, [CSRF_HEADER]: 'a'.repeat(64) },
    });
    assert.equal(wrongCsrf.statusCode, 403);

    const out = await s.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie, [CSRF_HEADER]: signIn.json().csrfToken },
    });
    assert.equal(out.statusCode, 204);
    assert.equal((await s.app.inject({ url: '/api/me', headers: { cookie } })).statusCode, 401);
    assert.deepEqual((await s.auditActions()).slice(-2), ['auth.sign-in', 'auth.sign-out']);
  });

  test(`${dialect}: API tokens — created once, hashed at rest, scoped, last-used, revocable`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: null }]);
    const create = await s.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: dev.sessionHeaders,
      payload: { name: 'ci', scopes: ['findings:upload'], expiresInDays: 30 },
    });
    assert.equal(create.statusCode, 201, create.body);
    const { secret, token } = create.json();
    assert.match(secret, /^rmp_[A-Za-z0-9_-]{40}$/);
    assert.equal(token.lastUsedAt, null);
    const rows = await s.store.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).execute();
    assert.equal(JSON.stringify(rows).includes(secret), false);

    const bearer = { authorization: `Bearer ${secret}` };
    const me = await s.app.inject({ url: '/api/me', headers: bearer });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json().permissions, ['findings:upload']);
    // Scope findings:upload does not include tokens:manage.
    assert.equal((await s.app.inject({ url: '/api/tokens', headers: bearer })).statusCode, 403);

    const listed = await s.app.inject({ url: '/api/tokens', headers: dev.sessionHeaders });
    const mine = listed.json().find((x: { id: string }) => x.id === token.id);
    assert.ok(mine.lastUsedAt, 'last use recorded');

    // A scope the creator does not hold is refused.
    const escalate = await s.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: dev.sessionHeaders,
      payload: { name: 'x', scopes: ['roles:manage'] },
    });
    assert.equal(escalate.statusCode, 403);
    assert.equal(escalate.json().details.field, 'body.scopes');

    const other = await s.caller('other@example.com', [{ role: 'developer', teamId: null }]);
    const foreign = await s.app.inject({
      method: 'DELETE',
      url: `/api/tokens/${token.id}`,
      headers: other.sessionHeaders,
    });
    assert.equal(foreign.statusCode, 404, 'cannot revoke (or learn about) someone else’s token');
    assert.ok(foreign.json().details.hint);

    const revoke = await s.app.inject({
      method: 'DELETE',
      url: `/api/tokens/${token.id}`,
      headers: dev.sessionHeaders,
    });
    assert.equal(revoke.statusCode, 204);
    const after = await s.app.inject({ url: '/api/me', headers: bearer });
    assert.equal(after.statusCode, 401);
    assert.deepEqual(
      after.json(),
      (await s.app.inject({ url: '/api/me', headers: { authorization: 'Bearer rmp_nope' } })).json(),
    );
    const actions = await s.auditActions();
    assert.ok(actions.includes('auth.token.create'));
    assert.equal(actions.at(-1), 'auth.token.revoke');
  });

  test(`${dialect}: sessions expire after 12 hours and expired rows are purged at the next sign-in`, async (t) => {
    let now = new Date('2026-01-01T00:00:00Z');
    const s = await testServer(t, dialect, { now: () => now });
    if (!s) return;
    const a = await s.caller('a@example.com', [{ role: 'viewer', teamId: null }]);
    const me = () => s.app.inject({ url: '/api/me', headers: { cookie: a.sessionHeaders.cookie ?? '' } });
    assert.equal((await me()).statusCode, 200);
    now = new Date('2026-01-01T12:00:01Z');
    assert.equal((await me()).statusCode, 401);
    const count = async () =>
      (
        await s.store.db
          .selectFrom('sessions' as never)
          .selectAll()
          .execute()
      ).length;
    assert.equal(await count(), 1);
    await s.caller('b@example.com', []);
    assert.equal(await count(), 1, 'only the new session is left');
  });

  test(`${dialect}: expired tokens and malformed Authorization headers are 401`, async (t) => {
    let now = new Date('2026-01-01T00:00:00Z');
    const s = await testServer(t, dialect, { now: () => now });
    if (!s) return;
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: null }]);
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: dev.sessionHeaders,
      payload: { name: 'short', scopes: ['findings:read'], expiresInDays: 1 },
    });
    const secret = created.json().secret;
    assert.equal(
      (await s.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${secret}` } })).statusCode,
      200,
    );
    now = new Date('2026-01-02T00:00:01Z');
    assert.equal(
      (await s.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${secret}` } })).statusCode,
      401,
    );
    for (const authorization of ['Basic abc', 'Bearer', `bearer  ${secret} extra`, 'x'.repeat(5000)])
      assert.equal((await s.app.inject({ url: '/api/me', headers: { authorization } })).statusCode, 401);
  });

  test(`${dialect}: role changes need roles:manage, are audited, and unknown people are 404 with a hint`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const team = await s.createTeam('payments');
    const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: team }]);
    const put = (headers: Record<string, string>, id: string, grants: unknown) =>
      s.app.inject({ method: 'PUT', url: `/api/people/${id}/roles`, headers, payload: { grants } });

    assert.equal(
      (await put(dev.sessionHeaders, dev.person.id, [{ role: 'admin', teamId: null }])).statusCode,
      403,
    );
    const ok = await put(admin.sessionHeaders, dev.person.id, [
      { role: 'architect', teamId: team },
      { role: 'viewer', teamId: null },
    ]);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().grants.length, 2);
    const badRole = await put(admin.sessionHeaders, dev.person.id, [{ role: 'root', teamId: null }]);
    assert.equal(badRole.statusCode, 400);
    assert.match(badRole.json().details.field, /^body\.grants\.0/);
    const noTeam = await put(admin.sessionHeaders, dev.person.id, [
      { role: 'developer', teamId: 'no-such-team' },
    ]);
    assert.equal(noTeam.statusCode, 400);
    assert.match(noTeam.json().message, /^body\.grants: unknown team\(s\): no-such-team/);
    const missing = await put(admin.sessionHeaders, 'no-such-person', []);
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().details.hint, /GET \/api\/me/);
    const entries = await s.audit.listEntries(0, 100);
    const change = entries.find((e) => e.action === 'catalog.person.roles');
    assert.ok(change);
    assert.equal(change.actor, `person:${admin.person.id}`);
    assert.equal(change.target, `person:${dev.person.id}`);
    assert.deepEqual(change.details.after, [`architect@${team}`, 'viewer']);
  });

  test(`${dialect}: sign-in and token endpoints are rate limited with 429 in the error shape`, async (t) => {
    const s = await testServer(t, dialect, { config: { authRateLimit: { max: 3, timeWindowMs: 60_000 } } });
    if (!s) return;
    const attempt = () =>
      s.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: 'a@example.com', password: 'x' },
      });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await attempt()).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 429]);
    const limited = await attempt();
    assert.equal(limited.json().code, 'E_RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });
}

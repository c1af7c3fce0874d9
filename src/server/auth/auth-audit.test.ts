import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from '../../audit/entry.ts';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';
import { FailedSignInAudit } from './auth-audit.ts';

const PASSWORD = 'correct horse battery staple';

test('failed sign-ins: one entry per address and email per window; folded attempts counted in the next', async () => {
  const events: AuditEvent[] = [];
  let now = 0;
  const audit = new FailedSignInAudit(
    { append: async (e) => events.push(e) },
    { now: () => now, maxKeys: 2 },
  );
  assert.equal(await audit.record('A@example.com', '10.0.0.1'), true);
  assert.equal(await audit.record('a@example.com', '10.0.0.1'), false, 'same pair, same window');
  assert.equal(await audit.record('a@example.com', '10.0.0.1'), false);
  assert.equal(await audit.record('a@example.com', '10.0.0.2'), true, 'another address is its own pair');
  now = 60_000;
  assert.equal(await audit.record('a@example.com', '10.0.0.1'), true);
  assert.deepEqual(
    events.map((e) => e.details),
    [
      { email: 'a@example.com', ip: '10.0.0.1', method: 'password' },
      { email: 'a@example.com', ip: '10.0.0.2', method: 'password' },
      { email: 'a@example.com', ip: '10.0.0.1', method: 'password', earlierAttempts: 2 },
    ],
  );
  // Bounded memory: a third pair evicts the oldest, which then starts afresh.
  await audit.record('b@example.com', '10.0.0.3');
  assert.equal(await audit.record('a@example.com', '10.0.0.2'), true);
});

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: failed sign-ins are audited alike for unknown email and wrong password, never with the password`, async (t) => {
    let now = new Date('2026-01-01T00:00:00Z');
    const s = await testServer(t, dialect, { now: () => now });
    if (!s) return;
    const bootstrap = await s.accounts.createBootstrapSecret();
    await s.accounts.completeBootstrap(bootstrap, 'ada@example.com', 'Ada', PASSWORD);
    const signIn = (email: string, password: string) =>
      s.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });

    const wrong = await signIn('ada@example.com', 'not the right password');
    const unknown = await signIn('nobody@example.com', PASSWORD);
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json(), 'the caller cannot tell which part was wrong');
    assert.equal((await signIn('ada@example.com', 'still not the password')).statusCode, 401);
    now = new Date('2026-01-01T00:05:00Z');
    assert.equal((await signIn('ada@example.com', 'again not the password')).statusCode, 401);

    const entries = (await s.audit.listEntries(0, 1000)).filter((e) => e.action === 'auth.sign-in.failed');
    assert.deepEqual(
      entries.map((e) => [e.actor, e.target, e.details]),
      [
        ['anonymous', '', { email: 'ada@example.com', ip: '127.0.0.1', method: 'password' }],
        ['anonymous', '', { email: 'nobody@example.com', ip: '127.0.0.1', method: 'password' }],
        [
          'anonymous',
          '',
          { email: 'ada@example.com', ip: '127.0.0.1', method: 'password', earlierAttempts: 1 },
        ],
      ],
    );
    const everything = JSON.stringify(await s.audit.listEntries(0, 1000));
    assert.equal(everything.includes('not the right password'), false);
    assert.equal(everything.includes(PASSWORD), false);
    assert.equal((await signIn('ada@example.com', PASSWORD)).statusCode, 200);
  });

  test(`${dialect}: API-token writes are audited with token id, route and method; reads and sessions are not`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const viewer = await s.caller('viewer@example.com', [{ role: 'viewer', teamId: null }]);
    const tokenUses = async () =>
      (await s.audit.listEntries(0, 1000)).filter((e) => e.action === 'auth.token.use');
    const before = (await tokenUses()).length;

    assert.equal(
      (await s.app.inject({ url: '/api/teams', headers: { authorization: admin.bearer } })).statusCode,
      200,
    );
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: { authorization: admin.bearer },
      payload: { name: 'payments' },
    });
    assert.equal(created.statusCode, 201);
    const denied = await s.app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: { authorization: viewer.bearer },
      payload: { name: 'x' },
    });
    assert.equal(denied.statusCode, 403);
    const bySession = await s.app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: admin.sessionHeaders,
      payload: { name: 'search' },
    });
    assert.equal(bySession.statusCode, 201);

    const uses = (await tokenUses()).slice(before);
    assert.equal(uses.length, 2, 'one per token write; the GET and the session write add none');
    const [allowed, refused] = uses;
    assert.match(allowed?.actor ?? '', /^token:/);
    assert.equal(allowed?.target, allowed?.actor);
    assert.deepEqual(
      { ...allowed?.details, personId: undefined },
      { method: 'POST', route: '/api/teams', personId: undefined, ip: '127.0.0.1', outcome: 'allowed' },
    );
    assert.equal(allowed?.details.personId, admin.person.id);
    assert.equal(refused?.details.outcome, 'denied');
    assert.equal(refused?.details.personId, viewer.person.id);
    assert.notEqual(refused?.actor, allowed?.actor);
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: GET /api/people — a team role lists its own teams' people with their roles there; a global people:read lists all`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const payments = await s.createTeam('payments');
    const search = await s.createTeam('search');
    const auditor = await s.caller('aud@example.com', [{ role: 'auditor', teamId: null }]);
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
    await s.caller('both@example.com', [
      { role: 'architect', teamId: payments },
      { role: 'developer', teamId: search },
    ]);
    await s.caller('other@example.com', [{ role: 'developer', teamId: search }]);
    await s.caller('global@example.com', [{ role: 'security', teamId: null }]);
    const list = async (bearer: string) => {
      const r = await s.app.inject({ url: '/api/people', headers: { authorization: bearer } });
      return { status: r.statusCode, people: r.statusCode === 200 ? (r.json() as Person[]) : [] };
    };
    type Person = { email: string; grants: { role: string; teamId: string | null }[] };

    const all = await list(auditor.bearer);
    assert.equal(all.status, 200);
    assert.deepEqual(all.people.map((p) => p.email).sort(), [
      'aud@example.com',
      'both@example.com',
      'dev@example.com',
      'global@example.com',
      'other@example.com',
    ]);

    const mine = await list(dev.bearer);
    assert.equal(mine.status, 200, 'a team role may list people now');
    assert.deepEqual(
      mine.people.map((p) => [p.email, p.grants.map((g) => `${g.role}@${g.teamId}`)]).sort(),
      [
        ['both@example.com', [`architect@${payments}`]],
        ['dev@example.com', [`developer@${payments}`]],
      ],
      "only payments' members, and only their payments roles",
    );

    // A token without catalog:read (or people:read) in its scopes lists nobody.
    const narrow = await s.accounts.createToken(
      { kind: 'session', personId: dev.person.id, email: 'dev@example.com', displayName: 'dev', grants: [] },
      { name: 'upload-only', scopes: ['findings:upload'] },
    );
    assert.equal((await list(`Bearer ${narrow.secret}`)).status, 403);
  });
}

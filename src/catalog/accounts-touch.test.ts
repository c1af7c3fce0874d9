import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testServer } from '../server/testing/test-server.ts';
import { TEST_DIALECTS } from '../store/testing/test-stores.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: an API token's last-used time is rewritten at most once a minute`, async (t) => {
    let now = new Date('2026-01-01T00:00:00Z');
    const s = await testServer(t, dialect, { now: () => now });
    if (!s) return;
    const caller = await s.caller('ci@example.com', [{ role: 'viewer', teamId: null }]);
    const lastUsed = async () =>
      (await s.store.db.selectFrom('api_tokens').select('last_used_at').execute()).map((r) => r.last_used_at);
    const use = async () =>
      assert.equal(
        (await s.app.inject({ url: '/api/me', headers: { authorization: caller.bearer } })).statusCode,
        200,
      );
    assert.deepEqual(await lastUsed(), [null]);
    await use();
    assert.deepEqual(await lastUsed(), ['2026-01-01T00:00:00.000Z']);
    now = new Date('2026-01-01T00:00:59Z');
    await use();
    assert.deepEqual(await lastUsed(), ['2026-01-01T00:00:00.000Z'], 'within a minute: no write');
    now = new Date('2026-01-01T00:01:00Z');
    await use();
    assert.deepEqual(await lastUsed(), ['2026-01-01T00:01:00.000Z']);
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { testServer } from './testing/test-server.ts';

// Whatever arrives — any JSON, any header, any path — the answer is a 4xx in the error shape,
// never a 500, and never a hang.
test('fuzzed requests to every auth endpoint never produce a 500', { timeout: 120_000 }, async (t) => {
  const s = await testServer(t, 'sqlite', {
    config: { authRateLimit: { max: 100_000, timeWindowMs: 60_000 } },
  });
  assert.ok(s);
  const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
  const routes = [
    ['POST', '/api/auth/sign-in'],
    ['POST', '/api/auth/bootstrap'],
    ['POST', '/api/tokens'],
    ['PUT', `/api/people/${admin.person.id}/roles`],
    ['DELETE', '/api/tokens/x'],
    ['GET', '/api/people/x'],
  ] as const;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string({ maxLength: 200 })),
      fc.constantFrom<Record<string, string>>({}, { authorization: admin.bearer }, admin.sessionHeaders, {
        cookie: 'rampart_session=%%%; rampart_csrf=',
      }),
      async ([method, url], payload, headers) => {
        const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
        const res = await s.app.inject({
          method,
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: body }),
        });
        assert.ok(res.statusCode < 500, `${method} ${url} ${body} → ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) {
          const json = res.json();
          assert.deepEqual(Object.keys(json).sort(), ['code', 'details', 'message']);
        }
      },
    ),
    { numRuns: 300 },
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RouteOptions } from 'fastify';
import type { DialectName } from '../../store/dialect.ts';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';
import type { RouteAuth } from './route-auth.ts';

/** Routes anyone may call; every other route must refuse strangers. Changing this list is a review item. */
const EXPECTED_PUBLIC = [
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /openapi.json',
  'GET /bootstrap',
  'GET /bootstrap.js',
  'POST /api/auth/bootstrap',
  'POST /api/auth/sign-in',
  'GET /api/auth/methods',
  'GET /api/auth/oidc/login',
  'GET /api/auth/oidc/callback',
];

interface SeenRoute {
  readonly method: string;
  readonly url: string;
  readonly auth: RouteAuth | undefined;
}

/** Fills path parameters and gives each method a body, so the request gets as far as the guard. */
function requestFor(route: SeenRoute): {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object;
} {
  const url = route.url.replace(/:(\w+)/g, 'x-$1');
  const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  return method === 'GET' || method === 'DELETE' ? { method, url } : { method, url, payload: {} };
}

async function enumerate(t: import('node:test').TestContext, dialect: DialectName) {
  const seen: SeenRoute[] = [];
  const s = await testServer(t, dialect, {
    config: {
      // Registers the OIDC routes too (discovery happens only on first use).
      oidc: {
        issuer: 'https://idp.invalid',
        clientId: 'c',
        redirectUri: 'http://127.0.0.1/cb',
        roleMapping: {},
      },
    },
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') seen.push({ method, url: route.url, auth: route.config?.auth });
    },
  });
  return s && { s, seen };
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: every non-public route denies an unauthenticated caller (401) and one without the permission (403)`, async (t) => {
    const r = await enumerate(t, dialect);
    if (!r) return;
    const { s, seen } = r;
    await s.app.ready();
    assert.ok(seen.length >= 14, `saw only ${seen.length} routes`);

    const publicRoutes = seen
      .filter((x) => x.auth !== undefined && 'public' in x.auth)
      .map((x) => `${x.method} ${x.url}`);
    assert.deepEqual(publicRoutes.sort(), [...EXPECTED_PUBLIC].sort());
    const undeclared = seen.filter(
      (x) => x.auth === undefined && !EXPECTED_PUBLIC.includes(`${x.method} ${x.url}`),
    );
    assert.deepEqual(undeclared, [], 'every route declares config.auth');
    // The rules catalog is education: any signed-in caller, whatever their roles (401 checked below).
    for (const url of ['/api/rules', '/api/rules/:id', '/api/frameworks'])
      assert.ok(
        seen.some((x) => x.method === 'GET' && x.url === url && x.auth && 'authenticated' in x.auth),
        `GET ${url} is registered for any signed-in caller`,
      );

    // The audit viewer's API needs a global audit:read grant (admin, auditor, security).
    for (const url of ['/api/audit', '/api/audit/verify'])
      assert.ok(
        seen.some(
          (x) =>
            x.method === 'GET' &&
            x.url === url &&
            x.auth &&
            'permission' in x.auth &&
            x.auth.permission === 'audit:read',
        ),
        `GET ${url} requires audit:read`,
      );
    // A signed-in person with no role at all; their token carries every scope, so only grants limit it.
    const nobody = await s.caller('nobody@example.com', []);
    const guarded = seen.filter((x) => x.auth !== undefined && !('public' in x.auth));
    let forbiddenChecked = 0;
    for (const route of guarded) {
      const req = requestFor(route);
      const anonymous = await s.app.inject(req);
      assert.equal(anonymous.statusCode, 401, `${route.method} ${route.url} without credentials`);
      assert.equal(anonymous.json().code, 'E_UNAUTHENTICATED');
      const wrongToken = await s.app.inject({ ...req, headers: { authorization: 'Bearer rmp_wrong' } });
      assert.equal(wrongToken.statusCode, 401, `${route.method} ${route.url} with a wrong token`);
      if (route.auth && 'permission' in route.auth) {
        for (const headers of [{ authorization: nobody.bearer }, nobody.sessionHeaders]) {
          const res = await s.app.inject({ ...req, headers });
          assert.equal(res.statusCode, 403, `${route.method} ${route.url} without ${route.auth.permission}`);
          assert.equal(res.json().details.permission, route.auth.permission);
        }
        forbiddenChecked++;
      }
    }
    assert.ok(forbiddenChecked >= 5, `checked ${forbiddenChecked} permission routes`);
  });

  test(`${dialect}: team-scoped roles reach their team only`, async (t) => {
    const r = await enumerate(t, dialect);
    if (!r) return;
    const { s } = r;
    const payments = await s.createTeam('payments');
    const search = await s.createTeam('search');
    const architect = await s.caller('arch@example.com', [
      { role: 'architect', teamId: payments },
      { role: 'architect', teamId: search },
    ]);
    // people:read is held only per team, and /api/people/:id is not team-scoped: a global grant is needed.
    const res = await s.app.inject({
      url: `/api/people/${architect.person.id}`,
      headers: { authorization: architect.bearer },
    });
    assert.equal(res.statusCode, 403);
    const ok = await s.app.inject({ url: '/api/me', headers: { authorization: architect.bearer } });
    assert.ok(ok.json().permissions.includes('catalog:write'));
  });
}

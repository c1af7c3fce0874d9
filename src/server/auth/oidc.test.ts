import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestIdp, type TestIdp } from '../../../test/fixtures/server/test-idp.ts';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { type TestServer, testServer } from '../testing/test-server.ts';
import { SESSION_COOKIE } from './cookies.ts';

const REDIRECT = 'http://127.0.0.1:7070/api/auth/oidc/callback';
const USERS = {
  alice: { email: 'alice@example.com', name: 'Alice', groups: ['rampart-admins', 'staff'] },
  bob: { email: 'bob@example.com', name: 'Bob', groups: ['payments-devs'] },
  mallory: {
    email: 'alice@example.com',
    name: 'Not Alice',
    groups: ['rampart-admins'],
    emailVerified: false,
  },
};

/** A browser's cookie jar for the IdP: name → value from every Set-Cookie. */
class Jar {
  readonly #cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.#cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Walks the IdP like a browser: follows redirects, signs in as `login` on the login page, grants
 * consent, and returns the URL the IdP finally sends the browser to (Rampart's callback).
 */
async function walkIdp(start: string, login: string): Promise<URL> {
  const jar = new Jar();
  let url = new URL(start);
  for (let step = 0; step < 20; step++) {
    if (url.href.startsWith(REDIRECT)) return url;
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') ?? '', url);
      continue;
    }
    const html = await res.text();
    assert.equal(res.status, 200, html);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    assert.ok(prompt === 'login' || prompt === 'consent', `unexpected IdP page: ${html.slice(0, 300)}`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    const post = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    jar.store(post);
    assert.ok(post.status >= 300 && post.status < 400, `IdP form answered ${post.status}`);
    url = new URL(post.headers.get('location') ?? '', url);
  }
  throw new Error('the IdP never redirected back');
}

async function setup(t: import('node:test').TestContext, dialect: (typeof TEST_DIALECTS)[number]) {
  const idp: TestIdp = await startTestIdp({ users: USERS, redirectUri: REDIRECT });
  t.after(() => idp.close());
  const s = await testServer(t, dialect, {
    config: {
      oidc: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        redirectUri: REDIRECT,
        scopes: 'openid email profile groups',
        roleMapping: { 'rampart-admins': 'admin', 'payments-devs': ['developer@payments', 'viewer'] },
        allowInsecureIssuer: true,
      },
    },
  });
  return s && { s, idp };
}

/** Rampart's /login → IdP → Rampart's callback; returns the callback response. */
async function signIn(s: TestServer, login: string) {
  const start = await s.app.inject('/api/auth/oidc/login');
  assert.equal(start.statusCode, 302);
  const location = String(start.headers.location);
  const authUrl = new URL(location);
  assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authUrl.searchParams.get('code_challenge'));
  const flow = start.cookies.find((c) => c.name === 'rampart_oidc');
  assert.ok(flow);
  assert.equal(flow.httpOnly, true);
  const back = await walkIdp(location, login);
  return {
    back,
    flowCookie: `rampart_oidc=${flow.value}`,
    callback: await s.app.inject({
      url: back.pathname + back.search,
      headers: { cookie: `rampart_oidc=${flow.value}` },
    }),
  };
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: OIDC code + PKCE end to end against oidc-provider; groups map to roles`, {
    timeout: 60_000,
  }, async (t) => {
    const r = await setup(t, dialect);
    if (!r) return;
    const { s } = r;
    const paymentsId = await s.createTeam('payments');

    const { callback } = await signIn(s, 'alice');
    assert.equal(callback.statusCode, 302, callback.body);
    assert.equal(callback.headers.location, '/');
    const session = callback.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(session);
    const me = await s.app.inject({
      url: '/api/me',
      headers: { cookie: `${SESSION_COOKIE}=${session.value}` },
    });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, 'alice@example.com');
    assert.deepEqual(me.json().grants, [{ role: 'admin', teamId: null }]);

    const bob = await signIn(s, 'bob');
    const bobSession = bob.callback.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(bobSession);
    const bobMe = await s.app.inject({
      url: '/api/me',
      headers: { cookie: `${SESSION_COOKIE}=${bobSession.value}` },
    });
    assert.deepEqual(
      bobMe.json().grants.sort((a: { role: string }, b: { role: string }) => a.role.localeCompare(b.role)),
      [
        { role: 'developer', teamId: paymentsId },
        { role: 'viewer', teamId: null },
      ],
    );
    const actions = await s.auditActions();
    assert.deepEqual(
      actions.filter((a) => a === 'auth.sign-in'),
      ['auth.sign-in', 'auth.sign-in'],
    );
    assert.ok(actions.includes('catalog.person.roles'));

    // An unverified address could be anyone's: refused, even though it names an existing admin.
    const mallory = await signIn(s, 'mallory');
    assert.equal(mallory.callback.statusCode, 403);
    assert.match(mallory.callback.json().message, /unverified/);
    assert.equal(
      mallory.callback.cookies.find((c) => c.name === SESSION_COOKIE),
      undefined,
    );
  });

  test(`${dialect}: OIDC callbacks without the flow cookie, replayed, or with a forged state are 401`, {
    timeout: 60_000,
  }, async (t) => {
    const r = await setup(t, dialect);
    if (!r) return;
    const { s } = r;
    const { back, flowCookie, callback } = await signIn(s, 'alice');
    assert.equal(callback.statusCode, 302);
    const path = back.pathname + back.search;
    // Replaying the same code (and the same flow cookie) fails: codes are single use.
    const replay = await s.app.inject({ url: path, headers: { cookie: flowCookie } });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().code, 'E_UNAUTHENTICATED');
    const noCookie = await s.app.inject({ url: path });
    assert.equal(noCookie.statusCode, 401);

    const second = await s.app.inject('/api/auth/oidc/login');
    const cookie = `rampart_oidc=${second.cookies.find((c) => c.name === 'rampart_oidc')?.value}`;
    const returned = await walkIdp(String(second.headers.location), 'alice');
    returned.searchParams.set('state', 'forged');
    const forged = await s.app.inject({ url: returned.pathname + returned.search, headers: { cookie } });
    assert.equal(forged.statusCode, 401);
    const tampered = await s.app.inject({ url: path, headers: { cookie: `${cookie.slice(0, -3)}abc` } });
    assert.equal(tampered.statusCode, 401);
  });
}

test('OIDC login answers 503 in the error shape when the IdP is unreachable', async (t) => {
  const s = await testServer(t, 'sqlite', {
    config: {
      oidc: {
        issuer: 'http://127.0.0.1:9',
        clientId: 'c',
        redirectUri: REDIRECT,
        roleMapping: {},
        allowInsecureIssuer: true,
      },
    },
  });
  assert.ok(s);
  const res = await s.app.inject('/api/auth/oidc/login');
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().code, 'E_UNAVAILABLE');
});

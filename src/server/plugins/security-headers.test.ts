import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { test } from 'node:test';
import helmet from 'helmet';
import { SECURITY_HEADERS } from '../build-server.ts';
import { testServer } from '../testing/test-server.ts';
import { helmetHeaders } from './security-headers.ts';

/** What helmet's own middleware sets on a real Node response for the server's options. */
function helmetOnRealResponse(): Record<string, string> {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  res.setHeader('X-Powered-By', 'something');
  helmet(SECURITY_HEADERS)(req, res, () => undefined);
  return Object.fromEntries(Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)]));
}

test('security headers: every response carries exactly the headers helmet sets, CSP included', async (t) => {
  const expected = helmetOnRealResponse();
  assert.ok(Object.keys(expected).length >= 10, JSON.stringify(expected));
  assert.equal(expected['x-powered-by'], undefined, 'helmet removes X-Powered-By');
  assert.deepEqual(helmetHeaders(SECURITY_HEADERS), expected);

  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  for (const url of ['/healthz', '/api/findings', '/nope']) {
    const { headers }: { headers: Record<string, unknown> } = await s.app.inject({ url });
    for (const [name, value] of Object.entries(expected))
      assert.equal(headers[name], value, `${url} ${name}`);
  }
  const csp = (await s.app.inject({ url: '/healthz' })).headers['content-security-policy'] as string;
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /object-src 'none'/);
});

test('security headers: options helmet rejects fail at start-up, naming the directive', () => {
  assert.throws(
    () => helmetHeaders({ contentSecurityPolicy: { directives: { 'script-src': ["'self'; injected"] } } }),
    /script-src/,
  );
});

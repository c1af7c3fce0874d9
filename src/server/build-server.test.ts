import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { TEST_DIALECTS } from '../store/testing/test-stores.ts';
import { PUBLIC } from './auth/route-auth.ts';
import { testServer } from './testing/test-server.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: /healthz and /readyz answer when the database is migrated`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    assert.deepEqual((await s.app.inject('/healthz')).json(), { status: 'ok' });
    const ready = await s.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().status, 'ready');
  });

  test(`${dialect}: /readyz is 503 when a migration is missing or the database is gone`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    await s.store.db
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', '0002-auth' as never)
      .execute();
    const pending = await s.app.inject('/readyz');
    assert.equal(pending.statusCode, 503);
    assert.deepEqual(pending.json().details.pending, ['0002-auth']);
    await s.store.close();
    const gone = await s.app.inject('/readyz');
    assert.equal(gone.statusCode, 503);
    assert.equal(gone.json().status, 'database unreachable');
  });
}

test('unknown routes get the one error shape with a hint', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  const res = await s.app.inject('/api/nope?x=1');
  assert.equal(res.statusCode, 404);
  assert.deepEqual(res.json(), {
    code: 'E_NOT_FOUND',
    message: 'no route GET /api/nope',
    details: { hint: 'see /openapi.json for the API' },
  });
});

test('validation errors are 400 and name the field', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  const missing = await s.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: 'a@example.com' },
  });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().code, 'E_VALIDATION');
  assert.equal(missing.json().details.field, 'body.password');
  assert.match(missing.json().message, /^body\.password /);

  const badEmail = await s.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: 'not-an-email', password: 'x' },
  });
  assert.equal(badEmail.json().details.field, 'body.email');

  const extra = await s.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: 'a@example.com', password: 'x', admin: true },
  });
  assert.equal(extra.statusCode, 400);
});

test('malformed JSON is 400, wrong content type 415, oversized body 413 — all in the error shape', async (t) => {
  const s = await testServer(t, 'sqlite', { config: { bodyLimit: 1024 } });
  assert.ok(s);
  const post = (payload: string, type = 'application/json') =>
    s.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload, headers: { 'content-type': type } });
  const bad = await post('{"email": ');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'E_BAD_REQUEST');
  assert.deepEqual(Object.keys(bad.json()).sort(), ['code', 'details', 'message']);
  const big = await post(JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(2000) }));
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().code, 'E_TOO_LARGE');
  const xml = await post('<a/>', 'application/xml');
  assert.equal(xml.statusCode, 415);
  assert.equal(xml.json().code, 'E_UNSUPPORTED_MEDIA_TYPE');
});

test('a crashing handler gives 500 without the stack, and the log has it', async (t) => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const s = await testServer(t, 'sqlite', { logger: { level: 'info', stream } });
  assert.ok(s);
  s.app.get('/api/test/boom', { config: { auth: PUBLIC } }, async (request) => {
    request.log.info({ headers: request.headers }, 'headers seen by a handler');
    throw new Error('secret internal detail');
  });
  const res = await s.app.inject({
    url: '/api/test/boom',
    headers: { authorization: 'Bearer rmp_leak', cookie: 'rampart_session=leak' },
  });
  assert.equal(res.statusCode, 500);
  assert.equal(res.json().code, 'E_INTERNAL');
  assert.doesNotMatch(res.body, /secret internal detail|at .*\.ts/);
  const log = lines.join('');
  assert.match(log, /secret internal detail/);
  // pino JSON lines; credentials never logged.
  assert.ok(lines.every((l) => JSON.parse(l)));
  assert.doesNotMatch(log, /rmp_leak|rampart_session=leak/);
  assert.match(log, /"authorization":"\[redacted\]"/);
});

test('an /api route without an auth declaration is refused at registration', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  assert.throws(() => s.app.get('/api/test/undeclared', async () => 'x'), /has no config\.auth declaration/);
});

test('/openapi.json documents the API routes with their schemas and the error shape', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  const doc = (await s.app.inject('/openapi.json')).json();
  assert.equal(doc.openapi, '3.1.0');
  for (const path of [
    '/api/auth/sign-in',
    '/api/me',
    '/api/tokens',
    '/api/tokens/{id}',
    '/api/people/{id}/roles',
  ])
    assert.ok(doc.paths[path], `missing ${path}`);
  const signIn = doc.paths['/api/auth/sign-in'].post;
  assert.deepEqual(signIn.requestBody.content['application/json'].schema.required, ['email', 'password']);
  assert.ok(doc.components.schemas.Error);
  assert.equal(doc.paths['/metrics'], undefined);
});

test('/metrics counts requests by route pattern and status, with latency and process metrics', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  await s.app.inject('/healthz');
  await s.app.inject('/api/people/someone');
  const text = (await s.app.inject('/metrics')).body;
  assert.match(text, /rampart_http_requests_total\{method="GET",route="\/healthz",status_code="200"\} 1/);
  assert.match(
    text,
    /rampart_http_requests_total\{method="GET",route="\/api\/people\/:id",status_code="401"\} 1/,
  );
  assert.match(
    text,
    /rampart_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz"/,
  );
  assert.match(text, /process_cpu_user_seconds_total/);
});

test('security headers are set', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  const res = await s.app.inject('/healthz');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
  assert.ok(res.headers['strict-transport-security']);
  assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
});

test('cross-site HTML forms cannot sign in: form encodings are 415, text/plain JSON is not an object', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  const json = '{"email":"a@example.com","password":"x"}';
  const post = (type: string) =>
    s.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': type },
      payload: json,
    });
  assert.equal((await post('application/x-www-form-urlencoded')).statusCode, 415);
  assert.equal((await post('multipart/form-data; boundary=x')).statusCode, 415);
  const text = await post('text/plain');
  assert.equal(text.statusCode, 400);
  assert.equal(text.json().details.field, 'body');
});

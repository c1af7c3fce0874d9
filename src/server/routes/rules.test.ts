import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testServer } from '../testing/test-server.ts';

// The rules catalog reads rule files, not the store: one dialect is enough.
test('rules routes: search, detail, 404 with hint, 400 naming the field, frameworks; any signed-in role', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  // No role at all: the catalog is education for everyone signed in.
  const nobody = await s.caller('nobody@example.com', []);
  const get = (url: string) => s.app.inject({ url, headers: { authorization: nobody.bearer } });

  assert.equal((await s.app.inject({ url: '/api/rules' })).statusCode, 401);
  const all = await get('/api/rules');
  assert.equal(all.statusCode, 200);
  const body = all.json() as { total: number; items: Array<{ id: string; kind: string; severity: string }> };
  assert.equal(body.total, body.items.length);
  assert.ok(body.total > 300, `total ${body.total}`);
  assert.deepEqual([...new Set(body.items.map((r) => r.kind))].sort(), ['policy', 'secrets', 'sigma']);

  const found = await get('/api/rules?q=privileged%20container&kind=policy');
  const ids = (found.json() as { items: Array<{ id: string; input?: string }> }).items;
  assert.ok(ids.some((r) => r.id === 'RMP-K8S-001' && r.input === 'kubernetes'));
  const sigma = (await get('/api/rules?kind=sigma&severity=low')).json() as {
    items: Array<{ kind: string; severity: string }>;
  };
  assert.ok(sigma.items.length > 0 && sigma.items.every((r) => r.kind === 'sigma' && r.severity === 'low'));

  const one = await get('/api/rules/RMP-K8S-001');
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().title, 'Privileged container');
  assert.ok(one.json().why && one.json().fix && one.json().references.length > 0);
  assert.ok(one.json().frameworks['cis-kubernetes'].length > 0);
  const detect = await get('/api/rules/60236e19-0871-4616-8aa7-13af513be7fa');
  assert.deepEqual(detect.json().falsePositives, ['Users mistyping their login name']);

  const missing = await get('/api/rules/RMP-NOPE-999');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'E_NOT_FOUND');
  assert.match(missing.json().details.hint, /GET \/api\/rules/);
  const badKind = await get('/api/rules?kind=yara');
  assert.equal(badKind.statusCode, 400);
  assert.equal(badKind.json().details.field, 'querystring.kind');
  const badFramework = await get('/api/rules?framework=iso-9001');
  assert.equal(badFramework.statusCode, 400);
  assert.equal(badFramework.json().details.field, 'querystring.framework');
  assert.equal((await get('/api/rules?extra=1')).statusCode, 400);

  const frameworks = (await get('/api/frameworks')).json() as Array<{
    id: string;
    title: string;
    rules: number;
  }>;
  const cis = frameworks.find((f) => f.id === 'cis-kubernetes');
  assert.equal(cis?.title, 'CIS Kubernetes Benchmark');
  const mapped = (await get('/api/rules?framework=cis-kubernetes')).json() as { total: number };
  assert.equal(cis?.rules, mapped.total);
  assert.ok(mapped.total > 0);
});

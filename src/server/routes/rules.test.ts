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

test('rules routes: the catalog starts loading when the server listens, before any request; its event loop keeps answering', async (t) => {
  const { default: Fastify } = await import('fastify');
  const { RulesCatalog } = await import('../rules-catalog.ts');
  const { rulesRoutes } = await import('./rules.ts');
  let warmed = 0;
  class Counting extends RulesCatalog {
    override warm(onError?: (error: unknown) => void): void {
      warmed++;
      super.warm(onError);
    }
  }
  const catalog = new Counting();
  const { ErrorSchema } = await import('../schemas.ts');
  const app = Fastify();
  t.after(() => app.close());
  app.addSchema(ErrorSchema);
  await app.register(rulesRoutes, { rules: catalog });
  app.get('/ping', { config: { auth: { public: true } } }, async () => 'pong');
  await app.ready();
  assert.equal(warmed, 0, 'not before listening');
  await app.listen({ port: 0, host: '127.0.0.1' });
  assert.equal(warmed, 1, 'started by onListen');
  // While it loads (yielding between files), other requests are served: the longest gap of a
  // 5 ms timer stays well under the old single ~1 s block.
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  const rules = await catalog.search();
  clearInterval(timer);
  assert.ok(rules.length > 300);
  t.diagnostic(`longest event-loop gap while loading: ${Math.round(worst)} ms`);
});

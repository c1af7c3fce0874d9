import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { testServer } from '../testing/test-server.ts';
import { builtWebRoot } from './web-ui.ts';

function fakeBuild(t: { after(fn: () => void): void }): string {
  const root = mkdtempSync(join(tmpdir(), 'rampart-web-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Rampart UI</title>');
  writeFileSync(join(root, 'assets', 'app-123.js'), 'console.log(1)');
  return root;
}

test('webRoot: serves the built UI at / and its assets, leaves /api and unknown paths to JSON 404s', async (t) => {
  const s = await testServer(t, 'sqlite', { config: { webRoot: fakeBuild(t) } });
  assert.ok(s);
  const index = await s.app.inject({ url: '/' });
  assert.equal(index.statusCode, 200);
  assert.match(index.headers['content-type'] as string, /text\/html/);
  assert.match(index.body, /Rampart UI/);
  assert.equal(index.headers['cache-control'], 'no-cache');
  const asset = await s.app.inject({ url: '/assets/app-123.js' });
  assert.equal(asset.statusCode, 200);
  assert.match(asset.headers['cache-control'] as string, /immutable/);
  assert.ok(asset.headers['content-security-policy'], 'helmet headers still apply');
  const api = await s.app.inject({ url: '/api/findings' });
  assert.equal(api.statusCode, 401, 'the API stays guarded');
  const unknown = await s.app.inject({ url: '/nope/../../etc/passwd' });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 'E_NOT_FOUND');
});

test('without webRoot the server serves no UI', async (t) => {
  const s = await testServer(t, 'sqlite');
  assert.ok(s);
  assert.equal((await s.app.inject({ url: '/' })).statusCode, 404);
});

test('builtWebRoot: only a folder holding index.html counts as a build', (t) => {
  const root = fakeBuild(t);
  assert.equal(builtWebRoot(root), root);
  assert.equal(builtWebRoot(join(root, 'assets')), undefined);
  assert.equal(builtWebRoot(join(root, 'missing')), undefined);
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveStoreLocation } from '../store/config.ts';
import { startServer } from './start.ts';

function location(t: import('node:test').TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-start-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return resolveStoreLocation({ data: dir, env: {}, cwd: dir });
}

test('the bootstrap link is printed only while there is no admin and no IdP, and works once', async (t) => {
  const loc = location(t);
  const lines: string[] = [];
  const first = await startServer({
    location: loc,
    host: '127.0.0.1',
    port: 0,
    config: {},
    logger: false,
    say: (l) => lines.push(l),
  });
  const link = /(http:\/\/127\.0\.0\.1:\d+)\/bootstrap#(\S+)/.exec(lines.join('\n'));
  assert.ok(link, lines.join('\n'));
  assert.equal(
    lines[0],
    `Rampart is listening on ${first.url} (data: ${loc.store.kind === 'sqlite' ? loc.store.file : ''})`,
  );
  const res = await fetch(`${link[1]}/api/auth/bootstrap`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: link[2],
      email: 'a@example.com',
      displayName: 'A',
      password: 'a long enough password',
    }),
  });
  assert.equal(res.status, 200);
  const page = await fetch(`${link[1]}/bootstrap`);
  assert.match(await page.text(), /<script src="\/bootstrap.js">/);
  await first.close();

  const again: string[] = [];
  const second = await startServer({
    location: loc,
    host: '127.0.0.1',
    port: 0,
    config: {},
    logger: false,
    say: (l) => again.push(l),
  });
  await second.close();
  assert.equal(again.join('\n').includes('bootstrap'), false, 'an admin exists now');
});

test('with an IdP configured no bootstrap link is printed', async (t) => {
  const lines: string[] = [];
  const server = await startServer({
    location: location(t),
    host: '127.0.0.1',
    port: 0,
    config: {
      oidc: { issuer: 'https://idp.invalid', clientId: 'c', redirectUri: 'http://x/cb', roleMapping: {} },
    },
    logger: false,
    say: (l) => lines.push(l),
  });
  await server.close();
  await server.closed;
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /^Rampart is listening on http:\/\/127\.0\.0\.1:\d+/);
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const fixture = resolve(import.meta.dirname, '../../test/fixtures/server/slow-server.ts');
const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');

test('SIGTERM lets an in-flight request finish, then the port closes and the process exits 0', {
  timeout: 60_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-shutdown-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const child = spawn(tsx, [fixture, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d) => {
    stdout += String(d);
    for (const w of waiters) w();
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolveMatch, reject) => {
      const check = () => {
        const m = stdout.match(pattern);
        if (m) resolveMatch(m);
      };
      waiters.push(check);
      child.on('exit', () => reject(new Error(`child exited early; stdout: ${stdout}; stderr: ${stderr}`)));
      check();
    });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

  const [, url] = await waitFor(/listening (\S+)\n/);
  assert.match(stderr, /No admin yet\. .*\n\s+http:\/\/127\.0\.0\.1:\d+\/bootstrap#[A-Za-z0-9_-]{43}/);
  const slow = fetch(`${url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
  await waitFor(/slow-started\n/);
  child.kill('SIGTERM');
  await waitFor(/closed\n/);
  assert.deepEqual(await slow, { status: 200, body: { finished: true } });
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /SIGTERM: finishing in-flight requests/);
  // The listener is gone.
  await assert.rejects(fetch(`${url}/healthz`));
});

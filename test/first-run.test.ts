/**
 * The first run of a new install, as README's quick start describes it: `npm start` (here with
 * the web build skipped) on an empty data folder prints the URL, the one-time bootstrap link and
 * the next steps; following them — bootstrap link, admin, API token, the two printed commands —
 * ends with the bundled examples' findings listed by the API.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { webBuildReason } from '../scripts/start.mjs';
import { TEST_DIALECTS, TEST_POSTGRES_URL, testDatabase } from '../src/store/testing/test-stores.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const run = promisify(execFile);

/** Collects a child's stderr and resolves when `pattern` has appeared in it. */
function waitFor(child: ChildProcess, output: { text: string }, pattern: RegExp, ms = 60_000) {
  return new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}:\n${output.text}`)),
      ms,
    );
    const check = () => {
      const match = pattern.exec(output.text);
      if (match) {
        clearTimeout(timer);
        child.stderr?.off('data', check);
        resolve(match);
      }
    };
    child.stderr?.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output.text}`)));
    check();
  });
}

for (const dialect of TEST_DIALECTS)
  test(`${dialect}: first run: npm start → bootstrap link → admin → token → printed commands → findings`, {
    timeout: 240_000,
  }, async (t) => {
    const data = mkdtempSync(join(tmpdir(), 'rampart-first-run-'));
    t.after(() => rmSync(data, { recursive: true, force: true }));
    // SQLite: the embedded default under --data. PostgreSQL: a fresh schema via the URL's search_path.
    let database: string[] = ['--data', data];
    if (dialect === 'postgres') {
      const db = await testDatabase(t, 'postgres');
      if (db?.config.kind !== 'postgres') return;
      const sep = TEST_POSTGRES_URL.includes('?') ? '&' : '?';
      database = [
        '--database-url',
        `${TEST_POSTGRES_URL}${sep}options=-c%20search_path%3D${db.config.schema}`,
      ];
    }
    const env = {
      ...process.env,
      RAMPART_SKIP_WEB_BUILD: '1',
      RAMPART_PORT: '',
      RAMPART_DATABASE_URL: '',
      RAMPART_DATA: data,
    };
    const output = { text: '' };
    const server = spawn('node', ['scripts/start.mjs', '--port', '0', ...database, '--log-level', 'warn'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      output.text += chunk.toString();
    });
    t.after(async () => {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    });

    await waitFor(server, output, /Next steps:[\s\S]*4\. See and manage/);
    const url = (/listening on (http:\/\/\S+)/.exec(output.text) as RegExpExecArray)[1] as string;
    assert.match(output.text, dialect === 'postgres' ? /\(data: postgres:\/\// : /\(data: .*rampart\.db\)/);
    const link = /(http:\/\/\S+\/bootstrap)#(\S+)/.exec(output.text);
    assert.ok(link, `a bootstrap link on first run:\n${output.text}`);
    const commands = output.text.split('\n').flatMap((l) => /^\s+(npx rampart .*)$/.exec(l)?.slice(1) ?? []);
    assert.equal(commands.length, 2, output.text);

    // The link: the page loads, and its script posts the fragment to the bootstrap API.
    const page = await fetch(link[1] as string);
    assert.equal(page.status, 200);
    const boot = await fetch(`${url}/api/auth/bootstrap`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: link[2],
        email: 'first@example.com',
        displayName: 'First Admin',
        password: 'a long enough first password',
      }),
    });
    assert.equal(boot.status, 200, await boot.clone().text());
    const cookies = boot.headers.getSetCookie().map((c) => c.split(';')[0] as string);
    const csrf = (cookies.find((c) => c.startsWith('rampart_csrf=')) as string).split('=')[1] as string;
    const session = { cookie: cookies.join('; '), 'x-csrf-token': csrf };

    const created = await fetch(`${url}/api/tokens`, {
      method: 'POST',
      headers: { ...session, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'first upload', scopes: ['catalog:write', 'findings:upload'] }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { secret } = (await created.json()) as { secret: string };

    // The printed commands, exactly, from the repository root as README says.
    const cliEnv = { ...process.env, RAMPART_TOKEN: secret };
    const imported = await run('sh', ['-c', commands[0] as string], { cwd: ROOT, env: cliEnv });
    assert.match(imported.stderr, /3 created, 0 updated, 0 unchanged, 0 skipped, 0 errors/);
    const scan = await run('sh', ['-c', `${commands[1] as string}; echo "exit $?" >&2`], {
      cwd: ROOT,
      env: cliEnv,
      maxBuffer: 64 * 1024 * 1024,
    });
    const uploaded = /uploaded (\d+) findings for examples: (\d+) new/.exec(scan.stderr);
    assert.ok(uploaded, scan.stderr);
    assert.ok(Number(uploaded[1]) > 10, 'the examples have many findings');

    const list = await fetch(`${url}/api/findings?service=examples&limit=500`, { headers: session });
    assert.equal(list.status, 200);
    const { items } = (await list.json()) as { items: { serviceName: string; status: string }[] };
    assert.equal(items.length, Number(uploaded[1]));
    assert.ok(items.every((f) => f.serviceName === 'examples' && f.status === 'new'));

    // A second start on the same data: no bootstrap link any more.
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    const again = spawn('node', ['scripts/start.mjs', '--port', '0', ...database, '--quiet'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const second = { text: '' };
    again.stderr?.on('data', (chunk: Buffer) => {
      second.text += chunk.toString();
    });
    await waitFor(again, second, /listening on/);
    const stopped = new Promise((resolve) => again.once('exit', resolve));
    again.kill('SIGTERM');
    await stopped;
    assert.doesNotMatch(second.text, /bootstrap|Next steps/);
  });

test('npm start rebuilds the web UI only when web/dist is missing or older than web/ sources', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-web-fresh-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'web', 'src', 'pages'), { recursive: true });
  writeFileSync(join(dir, 'web', 'src', 'pages', 'A.tsx'), '');
  assert.equal(webBuildReason(dir), 'web/dist is missing');
  mkdirSync(join(dir, 'web', 'dist'));
  writeFileSync(join(dir, 'web', 'dist', 'index.html'), '');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'web', 'src', 'pages', 'A.tsx'), past, past);
  assert.equal(webBuildReason(dir), undefined);
  writeFileSync(join(dir, 'web', 'src', 'pages', 'A.tsx'), 'changed');
  utimesSync(join(dir, 'web', 'dist', 'index.html'), past, past);
  assert.equal(webBuildReason(dir), 'web/ sources changed since the last build');
});

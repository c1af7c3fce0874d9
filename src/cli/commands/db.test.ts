import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { affectedRange, osvJson } from '../../deps/osv/testing.ts';
import { makeZip } from '../../scan/advisories/testing/zip-writer.ts';
import { runCli } from '../testing/run-cli.ts';

async function rampart(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  return runCli(args, { cwd, env: { HOME: cwd, ...env } });
}

function workdir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-db-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const record = osvJson({
  id: 'GHSA-cli-1',
  affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }])],
});

test('db import + status: counts, warnings naming file!entry, default path under XDG_CACHE_HOME', async (t) => {
  const dir = workdir(t);
  writeFileSync(
    join(dir, 'all.zip'),
    makeZip([
      { name: 'GHSA-cli-1.json', data: JSON.stringify(record) },
      { name: 'bad.json', data: '{' },
    ]),
  );
  const env = { XDG_CACHE_HOME: join(dir, 'cache') };
  const imported = await rampart(['db', 'import', 'all.zip'], dir, env);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /imported .*all\.zip: 1 added, 0 updated, 0 unchanged, 1 invalid/);
  assert.match(imported.stderr, /rampart: warning: .*all\.zip!bad\.json: not valid JSON/);

  const again = await rampart(['db', 'import', 'all.zip'], dir, env);
  assert.match(again.stdout, /0 added, 0 updated, 1 unchanged/);

  const status = await rampart(['db', 'status', '--json'], dir, env);
  assert.equal(status.code, 0, status.stderr);
  const parsed = JSON.parse(status.stdout) as {
    path: string;
    records: number;
    stale: boolean;
    ecosystems: unknown;
  };
  assert.equal(parsed.path, join(dir, 'cache', 'rampart', 'advisories.db'));
  assert.equal(parsed.records, 1);
  assert.equal(parsed.stale, false);
  assert.deepEqual(parsed.ecosystems, [{ ecosystem: 'npm', records: 1 }]);
  const text = await rampart(['db', 'status'], dir, env);
  assert.match(text.stdout, /records: 1 \(0 withdrawn\)\n/);
  assert.match(text.stdout, /ecosystems:\n {2}npm {2}1\n/);
});

test('db status: a missing database is exit 2 naming it; --max-age is validated', async (t) => {
  const dir = workdir(t);
  const missing = await rampart(['db', 'status', '--db', 'nope.db'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no advisory database at .*nope\.db/);
  const bad = await rampart(['db', 'status', '--db', 'nope.db', '--max-age', 'soon'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-age: expected a positive number of days, got "soon"/);
});

test('db update --url against a local server: imports, a failed ecosystem gives exit 1', async (t) => {
  const dir = workdir(t);
  const zip = makeZip([{ name: 'a.json', data: JSON.stringify(record) }]);
  const server = createServer((req, res) => {
    if (req.url === '/npm/all.zip') res.writeHead(200).end(zip);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ok = await rampart(['db', 'update', '--url', url, '--ecosystem', 'npm', '--db', 'x.db'], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /imported http:\/\/127\.0\.0\.1:\d+\/npm\/all\.zip: 1 added/);
  const partial = await rampart(
    ['db', 'update', '--url', url, '--ecosystem', 'npm,PyPI', '--db', 'x.db'],
    dir,
  );
  assert.equal(partial.code, 1);
  assert.match(partial.stderr, /PyPI\/all\.zip: download failed: HTTP 404/);
  const badUrl = await rampart(['db', 'update', '--url', 'file:///etc', '--db', 'x.db'], dir);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /--url: expected an http\(s\) URL/);
});

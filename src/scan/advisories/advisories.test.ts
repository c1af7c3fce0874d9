import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { affectedRange, osvJson } from '../../deps/osv/testing.ts';
import { type AdvisoryDb, openAdvisoryDb } from './database.ts';
import { importPath, importPaths } from './import.ts';
import { matchPackages } from './match.ts';
import { defaultAdvisoryDbPath } from './paths.ts';
import { advisoryDbStatus, checkStaleness } from './status.ts';
import { makeZip } from './testing/zip-writer.ts';
import { exportUrl, updateFromOsv } from './update.ts';

function workdir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-adv-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function db(t: TestContext, dir: string): AdvisoryDb {
  const opened = openAdvisoryDb(join(dir, 'db', 'advisories.db'));
  t.after(() => opened.close());
  return opened;
}

const lodash = (modified = '2024-01-01T00:00:00Z', fixed = '4.17.21') =>
  osvJson({
    id: 'GHSA-lodash',
    modified,
    aliases: ['CVE-2021-23337'],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }, { fixed }])],
  });
const django = osvJson({
  id: 'PYSEC-django',
  databaseSpecific: { severity: 'MODERATE' },
  affected: [affectedRange('PyPI', 'Django', [{ introduced: '4.0' }, { fixed: '4.0.2' }])],
});
const withdrawn = osvJson({
  id: 'GHSA-gone',
  withdrawn: '2024-01-02T00:00:00Z',
  affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }])],
});

function exportZip(records: Record<string, unknown>[], extra: { name: string; data: string }[] = []): Buffer {
  return makeZip([
    ...records.map((r) => ({ name: `${String(r.id)}.json`, data: JSON.stringify(r) })),
    ...extra,
  ]);
}

test('import a zip: records indexed by ecosystem + normalised name, status counts, matching', async (t) => {
  const dir = workdir(t);
  const zip = join(dir, 'all.zip');
  writeFileSync(zip, exportZip([lodash(), django, withdrawn]));
  const d = db(t, dir);
  const [result] = await importPaths(d, [zip], { now: () => new Date('2024-05-01T00:00:00Z') });
  assert.deepEqual(result?.counts, { seen: 3, added: 3, updated: 0, unchanged: 0, invalid: 0 });
  assert.deepEqual(result?.problems, []);

  const status = advisoryDbStatus(d);
  assert.equal(status.records, 3);
  assert.equal(status.withdrawn, 1);
  assert.deepEqual(status.ecosystems, [
    // Withdrawn records are kept (status counts them) but not indexed by package.
    { ecosystem: 'PyPI', records: 1 },
    { ecosystem: 'npm', records: 1 },
  ]);
  assert.equal(status.sources[0]?.source, zip);
  assert.equal(status.lastImport, '2024-05-01T00:00:00.000Z');

  const packages = [
    { ecosystem: 'npm', name: 'lodash', version: '4.17.20', line: 1 },
    { ecosystem: 'npm', name: 'lodash', version: '4.17.21', line: 2 },
    { ecosystem: 'PyPI', name: 'django', version: '4.0.1', line: 3 },
    { ecosystem: 'PyPI', name: 'django', version: '3.2', line: 4 },
    { ecosystem: 'npm', name: 'left-pad', version: '1.0.0', line: 5 },
  ];
  const matches = matchPackages(d, packages);
  assert.deepEqual(
    matches.map((m) => [m.package.line, m.id, m.fix, m.severity.level, m.aliases]),
    [
      [1, 'GHSA-lodash', 'upgrade lodash to ≥ 4.17.21', 'high', ['CVE-2021-23337']],
      [3, 'PYSEC-django', 'upgrade django to ≥ 4.0.2', 'medium', []],
    ],
  );
});

test('re-import is idempotent; a newer `modified` updates, an older one is skipped', async (t) => {
  const dir = workdir(t);
  const d = db(t, dir);
  const zip = join(dir, 'all.zip');
  writeFileSync(zip, exportZip([lodash(), django]));
  await importPath(d, zip);
  const again = await importPath(d, zip);
  assert.deepEqual(again.counts, { seen: 2, added: 0, updated: 0, unchanged: 2, invalid: 0 });

  const newer = join(dir, 'newer.zip');
  writeFileSync(
    newer,
    exportZip([lodash('2024-06-01T00:00:00Z', '4.17.22'), lodash('2023-01-01T00:00:00Z', '1.0.0')]),
  );
  const update = await importPath(d, newer);
  assert.deepEqual(update.counts, { seen: 2, added: 0, updated: 1, unchanged: 1, invalid: 0 });
  assert.equal(
    matchPackages(d, [{ ecosystem: 'npm', name: 'lodash', version: '4.17.21' }])[0]?.fixed,
    '4.17.22',
  );
  assert.equal(advisoryDbStatus(d).records, 2);
  assert.equal(advisoryDbStatus(d).sources.length, 2);
});

test('an updated record that drops a package no longer matches it', async (t) => {
  const dir = workdir(t);
  const d = db(t, dir);
  writeFileSync(join(dir, 'a.json'), JSON.stringify(lodash()));
  await importPath(d, join(dir, 'a.json'));
  const moved = {
    ...lodash('2025-01-01T00:00:00Z'),
    affected: [affectedRange('npm', 'underscore', [{ introduced: '0' }])],
  };
  writeFileSync(join(dir, 'a.json'), JSON.stringify(moved));
  await importPath(d, join(dir, 'a.json'));
  assert.deepEqual(matchPackages(d, [{ ecosystem: 'npm', name: 'lodash', version: '1.0.0' }]), []);
  assert.equal(matchPackages(d, [{ ecosystem: 'npm', name: 'underscore', version: '1.0.0' }]).length, 1);
});

test('corrupt entries are reported with file and entry; the rest is imported', async (t) => {
  const dir = workdir(t);
  const d = db(t, dir);
  const zip = join(dir, 'all.zip');
  writeFileSync(
    zip,
    exportZip(
      [lodash()],
      [
        { name: 'broken.json', data: '{"id": "X", ' },
        { name: 'nomod.json', data: JSON.stringify({ id: 'GHSA-nomod' }) },
        { name: '../escape.json', data: JSON.stringify(django) },
        { name: 'README.md', data: 'not an advisory' },
      ],
    ),
  );
  const result = await importPath(d, zip);
  assert.deepEqual(result.counts, { seen: 3, added: 1, updated: 0, unchanged: 0, invalid: 2 });
  const messages = result.problems.map((p) => [p.entry, p.message]);
  assert.equal(messages.length, 3);
  assert.match(String(messages[0]?.[1]), new RegExp(`^${zip}!broken\\.json: not valid JSON`));
  assert.match(
    String(messages[1]?.[1]),
    /!nomod\.json \(GHSA-nomod\): invalid OSV record, modified: expected a string/,
  );
  assert.equal(messages[2]?.[0], '../escape.json');
  assert.match(String(messages[2]?.[1]), /escapes the archive/);
});

test('a file that is not a zip, a truncated zip and a missing path: problems, no throw, others imported', async (t) => {
  const dir = workdir(t);
  const d = db(t, dir);
  writeFileSync(join(dir, 'junk.zip'), 'this is not a zip');
  const good = exportZip([lodash()]);
  writeFileSync(join(dir, 'cut.zip'), good.subarray(0, good.length - 30));
  writeFileSync(join(dir, 'good.zip'), good);
  const results = await importPaths(d, [
    join(dir, 'junk.zip'),
    join(dir, 'cut.zip'),
    join(dir, 'missing'),
    join(dir, 'good.zip'),
  ]);
  assert.match(results[0]?.problems[0]?.message ?? '', /junk\.zip: not a readable zip archive/);
  assert.match(results[1]?.problems[0]?.message ?? '', /cut\.zip: not a readable zip archive/);
  assert.match(results[2]?.problems[0]?.message ?? '', /missing: cannot read: ENOENT/);
  assert.equal(results[3]?.counts.added, 1);
});

test('bounds: oversized entry and too many entries are reported, not read', async (t) => {
  const dir = workdir(t);
  const d = db(t, dir);
  const zip = join(dir, 'all.zip');
  const big = JSON.stringify({ ...django, details: 'x'.repeat(200_000) });
  writeFileSync(
    zip,
    makeZip([
      { name: 'big.json', data: big },
      { name: 'a.json', data: JSON.stringify(lodash()) },
    ]),
  );
  const limits = { maxEntries: 10, maxEntryBytes: 100_000, maxTotalBytes: 1e9, maxRatio: 200 };
  const sized = await importPath(d, zip, { limits });
  assert.match(sized.problems[0]?.message ?? '', /big\.json: entry of \d+ bytes exceeds 100000; skipped/);
  assert.equal(sized.counts.added, 1);
  // 200 kB of one repeated letter deflates far beyond 200:1: a zip bomb shape.
  const ratio = await importPath(d, zip, { limits: { ...limits, maxEntryBytes: 1e6 } });
  assert.match(ratio.problems[0]?.message ?? '', /compression ratio \d+:1 above 200:1/);
  const many = await importPath(d, zip, {
    limits: { ...limits, maxEntries: 1, maxRatio: 1e6, maxEntryBytes: 1e6 },
  });
  assert.match(many.problems.at(-1)?.message ?? '', /more than 1 entries; rest of the archive skipped/);
});

test('directory import walks JSON files, skips .git and symlinks, reports bad files by path', async (t) => {
  const dir = workdir(t);
  const d = db(t, dir);
  const repo = join(dir, 'advisory-database');
  mkdirSync(join(repo, 'advisories', 'npm'), { recursive: true });
  mkdirSync(join(repo, '.git'), { recursive: true });
  writeFileSync(join(repo, 'advisories', 'npm', 'GHSA-lodash.json'), JSON.stringify(lodash(), null, 2));
  writeFileSync(join(repo, 'advisories', 'django.json'), JSON.stringify(django));
  writeFileSync(join(repo, 'advisories', 'bad.json'), '[1, 2');
  writeFileSync(join(repo, '.git', 'x.json'), JSON.stringify(withdrawn));
  symlinkSync(repo, join(repo, 'advisories', 'loop'));
  const result = await importPath(d, repo);
  assert.deepEqual(result.counts, { seen: 3, added: 2, updated: 0, unchanged: 0, invalid: 1 });
  assert.equal(result.problems[0]?.file, join(repo, 'advisories', 'bad.json'));
});

test('db update downloads <base>/<ecosystem>/all.zip from a local server; a 404 is reported per ecosystem', async (t) => {
  const dir = workdir(t);
  const d = db(t, dir);
  const zips: Record<string, Buffer> = {
    '/osv/npm/all.zip': exportZip([lodash()]),
    '/osv/PyPI/all.zip': exportZip([django]),
    '/osv/crates.io/all.zip': Buffer.from('garbage'),
  };
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = zips[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/osv/`;
  const result = await updateFromOsv(d, { baseUrl: base, ecosystems: ['npm', 'PyPI', 'Go', 'crates.io'] });
  assert.deepEqual(requests, [
    '/osv/npm/all.zip',
    '/osv/PyPI/all.zip',
    '/osv/Go/all.zip',
    '/osv/crates.io/all.zip',
  ]);
  assert.equal(result.imports.length, 3);
  assert.equal(result.imports[0]?.source, exportUrl(base, 'npm'));
  assert.match(result.problems[0]?.message ?? '', /Go\/all\.zip: download failed: HTTP 404/);
  assert.match(
    result.imports[2]?.problems[0]?.message ?? '',
    /crates\.io\/all\.zip: not a readable zip archive/,
  );
  assert.equal(advisoryDbStatus(d).records, 2);
  const capped = await updateFromOsv(d, { baseUrl: base, ecosystems: ['npm'], maxDownloadBytes: 10 });
  assert.match(capped.problems[0]?.message ?? '', /exceeds 10/);
});

test('staleness: empty, fresh and old databases', async (t) => {
  const dir = workdir(t);
  const d = db(t, dir);
  assert.match(checkStaleness(advisoryDbStatus(d)).message ?? '', /is empty: run `rampart db update`/);
  writeFileSync(join(dir, 'a.json'), JSON.stringify(django));
  await importPath(d, join(dir, 'a.json'), { now: () => new Date('2024-01-01T00:00:00Z') });
  const status = advisoryDbStatus(d);
  assert.equal(checkStaleness(status, { now: new Date('2024-01-07T23:00:00Z') }).stale, false);
  const old = checkStaleness(status, { now: new Date('2024-01-10T00:00:00Z') });
  assert.equal(old.stale, true);
  assert.match(old.message ?? '', /last updated 9 days ago \(limit 7 days\)/);
  assert.equal(
    checkStaleness(status, { now: new Date('2024-01-10T00:00:00Z'), maxAgeMs: 30 * 86_400_000 }).stale,
    false,
  );
});

test('default path: XDG_CACHE_HOME, else ~/.cache', () => {
  assert.equal(
    defaultAdvisoryDbPath({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/a' }),
    '/x/cache/rampart/advisories.db',
  );
  assert.equal(defaultAdvisoryDbPath({ HOME: '/home/a' }), '/home/a/.cache/rampart/advisories.db');
  assert.equal(
    defaultAdvisoryDbPath({ XDG_CACHE_HOME: 'relative', HOME: '/home/a' }),
    '/home/a/.cache/rampart/advisories.db',
  );
});

test('opening with mustExist fails with E_STORE naming the path', (t) => {
  const dir = workdir(t);
  assert.throws(
    () => openAdvisoryDb(join(dir, 'none.db'), { mustExist: true }),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_STORE');
      assert.match(e.message, /none\.db: run `rampart db update`/);
      return true;
    },
  );
});

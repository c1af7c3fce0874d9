/**
 * Watch mode for dependencies: the deps analyzer's incremental session (re-parse the changed
 * lockfile, match only package versions not matched before, reopen the database only when it
 * changed on disk), and `startWatch` end to end reporting new/fixed vulnerable packages.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Finding } from '../../core/finding.ts';
import { affectedRange, osvJson } from '../../deps/osv/testing.ts';
import { importPath, openAdvisoryDb } from '../advisories/index.ts';
import type { ScanFile } from '../analyzer.ts';
import { startWatch, type WatchDelta } from '../watch/start-watch.ts';
import { createDepsAnalyzer } from './deps.ts';

let dir: string;
let dbPath: string;

async function importRecords(file: string, records: readonly Record<string, unknown>[], sub: string) {
  const osv = path.join(dir, sub);
  await mkdir(osv, { recursive: true });
  for (const r of records) await writeFile(path.join(osv, `${String(r.id)}.json`), JSON.stringify(r));
  const db = openAdvisoryDb(file);
  try {
    const result = await importPath(db, osv);
    assert.equal(result.problems.length, 0, JSON.stringify(result.problems));
  } finally {
    db.close();
  }
}

const LODASH = osvJson({
  id: 'GHSA-35jh-r3h4-6jhm',
  aliases: ['CVE-2021-23337'],
  databaseSpecific: { severity: 'HIGH' },
  affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }])],
});
const MINIMIST = osvJson({
  id: 'GHSA-vh95-rmgr-6w4m',
  databaseSpecific: { severity: 'MODERATE' },
  affected: [affectedRange('npm', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }])],
});
const EXPRESS = osvJson({
  id: 'GHSA-qw6h-vgh9-j6wx',
  databaseSpecific: { severity: 'LOW' },
  affected: [affectedRange('npm', 'express', [{ introduced: '0' }, { fixed: '4.20.0' }])],
});

function lockfile(packages: Record<string, string>): string {
  const entries = Object.fromEntries(
    Object.entries(packages).map(([name, version]) => [`node_modules/${name}`, { version }]),
  );
  const deps = Object.fromEntries(Object.keys(packages).map((n) => [n, '*']));
  return `${JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { dependencies: deps }, ...entries } }, null, 2)}\n`;
}

const file = (p: string, packages: Record<string, string>): ScanFile => ({
  path: p,
  content: lockfile(packages),
});
const ids = (findings: readonly Finding[]) =>
  findings.map((f) => `${f.ruleId} ${f.location.resource?.name ?? ''}`).sort();

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-deps-watch-'));
  dbPath = path.join(dir, 'advisories.db');
  await importRecords(dbPath, [LODASH, MINIMIST], 'osv-1');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('deps analyzer session (watch mode)', () => {
  it('starts with the same findings as a one-shot scan', async () => {
    const analyzer = createDepsAnalyzer({ dbPath });
    const files = [file('a/package-lock.json', { lodash: '4.17.20', ms: '2.1.3' })];
    const session = await analyzer.session({ root: dir });
    const once = await analyzer.analyze(files, { root: dir });
    assert.deepEqual(
      session.update(files, []).map((f) => f.fingerprint),
      once.map((f) => f.fingerprint),
    );
  });

  it('re-parses only the changed lockfile and matches only package versions it has not seen', async () => {
    const session = await createDepsAnalyzer({ dbPath }).session({ root: dir });
    const a = file('a/package-lock.json', { lodash: '4.17.20', ms: '2.1.3' });
    const b = file('b/package-lock.json', { lodash: '4.17.20', minimist: '1.2.5' });
    assert.deepEqual(ids(session.update([a, b], [])), [
      'GHSA-35jh-r3h4-6jhm pkg:npm/lodash@4.17.20',
      'GHSA-35jh-r3h4-6jhm pkg:npm/lodash@4.17.20',
      'GHSA-vh95-rmgr-6w4m pkg:npm/minimist@1.2.5',
    ]);
    assert.equal(session.lookupCount(), 3, 'lodash@4.17.20 is looked up once for both lockfiles');

    // The fix lands in one lockfile: its lodash finding goes, the other lockfile's stays.
    const fixed = session.update([file('a/package-lock.json', { lodash: '4.17.21', ms: '2.1.3' })], []);
    assert.deepEqual(ids(fixed), [
      'GHSA-35jh-r3h4-6jhm pkg:npm/lodash@4.17.20',
      'GHSA-vh95-rmgr-6w4m pkg:npm/minimist@1.2.5',
    ]);
    assert.equal(fixed.find((f) => f.ruleId.startsWith('GHSA-35'))?.location.file, 'b/package-lock.json');
    assert.equal(session.lookupCount(), 4, 'only lodash@4.17.21 is new');

    // Removing a lockfile drops its findings without any lookup.
    assert.deepEqual(ids(session.update([], ['b/package-lock.json'])), []);
    assert.equal(session.lookupCount(), 4);
  });

  it('a broken save is a parse finding for that file only; fixing it brings the matches back', async () => {
    const session = await createDepsAnalyzer({ dbPath }).session({ root: dir });
    const ok = file('package-lock.json', { minimist: '1.2.5' });
    assert.deepEqual(ids(session.update([ok], [])), ['GHSA-vh95-rmgr-6w4m pkg:npm/minimist@1.2.5']);
    const broken = session.update([{ path: 'package-lock.json', content: '{"packages": {' }], []);
    assert.deepEqual(
      broken.map((f) => f.ruleId),
      ['RMP-DEPS-PARSE'],
    );
    assert.deepEqual(ids(session.update([ok], [])), ['GHSA-vh95-rmgr-6w4m pkg:npm/minimist@1.2.5']);
  });

  it('picks up a database rewritten by an import during the session (and only then re-matches)', async () => {
    const own = path.join(dir, 'own.db');
    await importRecords(own, [LODASH], 'osv-own');
    const session = await createDepsAnalyzer({ dbPath: own }).session({ root: dir });
    const lock = file('package-lock.json', { lodash: '4.17.20', express: '4.18.2' });
    assert.deepEqual(ids(session.update([lock], [])), ['GHSA-35jh-r3h4-6jhm pkg:npm/lodash@4.17.20']);
    session.update([lock], []);
    assert.equal(session.lookupCount(), 2, 'an unchanged database is not re-read');
    await importRecords(own, [EXPRESS], 'osv-own-2');
    assert.deepEqual(ids(session.update([lock], [])), [
      'GHSA-35jh-r3h4-6jhm pkg:npm/lodash@4.17.20',
      'GHSA-qw6h-vgh9-j6wx pkg:npm/express@4.18.2',
    ]);
    assert.equal(session.lookupCount(), 4);
  });

  it('a missing database is one notice per update (not piling up), and is used once it appears', async () => {
    const later = path.join(dir, 'later.db');
    const session = await createDepsAnalyzer({ dbPath: later }).session({ root: dir });
    const lock = file('package-lock.json', { minimist: '1.2.5' });
    for (let i = 0; i < 3; i++)
      assert.deepEqual(
        session.update([lock], []).map((f) => f.ruleId),
        ['RMP-DEPS-DB-MISSING'],
      );
    await importRecords(later, [MINIMIST], 'osv-later');
    assert.deepEqual(ids(session.update([lock], [])), ['GHSA-vh95-rmgr-6w4m pkg:npm/minimist@1.2.5']);
  });
});

describe('rampart scan --watch with the deps analyzer', () => {
  it('reports a newly vulnerable package as added and an upgraded one as fixed', async () => {
    const root = path.join(dir, 'project');
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, 'package-lock.json'), lockfile({ lodash: '4.17.20' }));
    const deltas: WatchDelta[] = [];
    let wake: (() => void) | undefined;
    const next = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      });
    let waiting = next();
    const stop = await startWatch(
      { root, target: root, failOn: 'high', analyzers: [createDepsAnalyzer({ dbPath })], debounceMs: 20 },
      (d) => {
        deltas.push(d);
        wake?.();
      },
    );
    try {
      assert.deepEqual(ids(deltas[0]?.result.findings ?? []), ['GHSA-35jh-r3h4-6jhm pkg:npm/lodash@4.17.20']);
      waiting = next();
      await writeFile(
        path.join(root, 'package-lock.json'),
        lockfile({ lodash: '4.17.21', minimist: '1.2.5' }),
      );
      await waiting;
      const delta = deltas.at(-1);
      assert.deepEqual(ids(delta?.added ?? []), ['GHSA-vh95-rmgr-6w4m pkg:npm/minimist@1.2.5']);
      assert.deepEqual(ids(delta?.fixed ?? []), ['GHSA-35jh-r3h4-6jhm pkg:npm/lodash@4.17.20']);
      assert.deepEqual(ids(delta?.result.findings ?? []), ['GHSA-vh95-rmgr-6w4m pkg:npm/minimist@1.2.5']);
    } finally {
      stop();
    }
  });
});

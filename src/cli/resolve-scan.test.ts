/**
 * `deps: { db, maxAge }` in rampart.yaml reaches the dependency analyzer, and `--db` wins over it.
 * Observed end to end (in-process CLI) through the analyzer's notices, which name the database
 * path and the staleness limit.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { affectedRange, osvJson } from '../deps/osv/testing.ts';
import { importPath, openAdvisoryDb } from '../scan/advisories/index.ts';
import { runCli } from './testing/run-cli.ts';

const DAY = 24 * 3600 * 1000;
let dir: string;
let project: string;
/** Imported 3 days ago: fresh under the default 7-day limit, stale under `maxAge: 1d`. */
let db: string;

interface DepsFinding {
  ruleId: string;
  message: string;
  analyzer: string;
}

async function depsFindings(
  config: string | undefined,
  args: readonly string[] = [],
): Promise<DepsFinding[]> {
  const configFile = path.join(project, 'rampart.yaml');
  if (config === undefined) await rm(configFile, { force: true });
  else await writeFile(configFile, config);
  const run = await runCli(
    ['scan', '.', '--format', 'json', '--quiet', '--no-secrets', '--no-policy', ...args],
    { cwd: project },
  );
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: DepsFinding[] };
  return report.findings.filter((f) => f.analyzer === 'deps');
}

const ruleIds = (findings: readonly DepsFinding[]) => findings.map((f) => f.ruleId).sort();

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-resolve-scan-'));
  project = path.join(dir, 'project');
  await mkdir(path.join(project, 'ci'), { recursive: true });
  await writeFile(
    path.join(project, 'package-lock.json'),
    JSON.stringify({
      name: 'app',
      lockfileVersion: 3,
      packages: { '': { name: 'app' }, 'node_modules/lodash': { version: '4.17.20' } },
    }),
  );
  const osv = path.join(dir, 'osv');
  await mkdir(osv);
  await writeFile(
    path.join(osv, 'GHSA-x.json'),
    JSON.stringify({
      ...osvJson({
        id: 'GHSA-35jh-r3h4-6jhm',
        databaseSpecific: { severity: 'HIGH' },
        affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }])],
      }),
      summary: 'Command Injection in lodash',
    }),
  );
  db = path.join(project, 'ci', 'advisories.db');
  const handle = openAdvisoryDb(db);
  try {
    const result = await importPath(handle, osv, { now: () => new Date(Date.now() - 3 * DAY) });
    assert.equal(result.problems.length, 0, JSON.stringify(result.problems));
  } finally {
    handle.close();
  }
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rampart.yaml deps settings', () => {
  it('deps.db (relative to the config file) is the advisory database', async () => {
    assert.deepEqual(ruleIds(await depsFindings('deps:\n  db: ci/advisories.db\n')), ['GHSA-35jh-r3h4-6jhm']);
  });

  it('without deps.db or --db the default cache path is used', async () => {
    // The default path reads process.env (not the CLI io's env): point it into the temp dir.
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
    try {
      const [notice] = await depsFindings('failOn: high\n');
      assert.equal(notice?.ruleId, 'RMP-DEPS-DB-MISSING');
      assert.ok(notice.message.includes(path.join(dir, 'cache', 'rampart', 'advisories.db')), notice.message);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it('--db overrides deps.db', async () => {
    const findings = await depsFindings('deps: { db: ci/advisories.db }\n', ['--db', 'elsewhere.db']);
    assert.deepEqual(ruleIds(findings), ['RMP-DEPS-DB-MISSING']);
    assert.ok(findings[0]?.message.includes(path.join(project, 'elsewhere.db')), findings[0]?.message);
    const [fromFlag] = await depsFindings('deps: { db: nowhere.db }\n', ['--db', db]);
    assert.equal(fromFlag?.ruleId, 'GHSA-35jh-r3h4-6jhm');
  });

  it('deps.maxAge sets the staleness limit (default 7 days)', async () => {
    const strict = await depsFindings('deps: { db: ci/advisories.db, maxAge: 1d }\n');
    assert.deepEqual(ruleIds(strict), ['GHSA-35jh-r3h4-6jhm', 'RMP-DEPS-DB-STALE']);
    assert.match(strict.find((f) => f.ruleId === 'RMP-DEPS-DB-STALE')?.message ?? '', /limit 24 h\)/);
    const lenient = await depsFindings('deps: { db: ci/advisories.db, maxAge: 2w }\n');
    assert.deepEqual(ruleIds(lenient), ['GHSA-35jh-r3h4-6jhm']);
  });

  it('a bad deps setting stops the scan naming file:line: field', async () => {
    await writeFile(path.join(project, 'rampart.yaml'), 'failOn: high\ndeps:\n  maxAge: 7\n');
    const run = await runCli(['scan', '.', '--quiet', '--no-secrets', '--no-policy'], { cwd: project });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /rampart\.yaml:3: deps\.maxAge: expected a duration like 7d/);
  });
});

/**
 * `rampart scan` end to end with the dependency analyzer: the real binary on a temp project, an
 * advisory database built with the store's own import from OSV JSON written here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { affectedRange, osvJson } from '../../deps/osv/testing.ts';
import { importPath, openAdvisoryDb } from '../advisories/index.ts';
import { createDepsAnalyzer } from './deps.ts';

const BIN = path.resolve(import.meta.dirname, '../../../bin/rampart.js');
let dir: string;
let project: string;
let freshDb: string;
let staleDb: string;

interface ReportFinding {
  ruleId: string;
  title: string;
  severity: string;
  kind: string;
  message: string;
  fix: string;
  why: string;
  references: string[];
  tags: string[];
  analyzer: string;
  fingerprint: string;
  location: { file?: string; range?: { start: { line: number } }; resource?: { kind: string; name: string } };
}

function rampart(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      // The default database lives under XDG_CACHE_HOME: point it into the temp dir (empty).
      { cwd: project, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: path.join(dir, 'cache') } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr });
      },
    );
  });
}

async function depsFindings(args: readonly string[]): Promise<{ code: number; findings: ReportFinding[] }> {
  const run = await rampart(['scan', '.', '--format', 'json', '--quiet', '--no-secrets', ...args]);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: ReportFinding[] };
  return { code: run.code, findings: report.findings.filter((f) => f.analyzer === 'deps') };
}

const CRITICAL_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

async function buildDb(file: string, importedAt: Date): Promise<void> {
  const osv = path.join(dir, 'osv');
  await mkdir(osv, { recursive: true });
  const records: Record<string, unknown>[] = [
    {
      ...osvJson({
        id: 'GHSA-35jh-r3h4-6jhm',
        aliases: ['CVE-2021-23337'],
        severity: [{ type: 'CVSS_V3', score: CRITICAL_VECTOR }],
        affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }])],
      }),
      summary: 'Command Injection in lodash',
      details:
        'lodash versions prior to 4.17.21 are vulnerable to Command Injection via the template function.',
      references: [
        { type: 'WEB', url: 'https://github.com/lodash/lodash/commit/3469357' },
        { url: 'ftp://x' },
      ],
    },
    {
      ...osvJson({
        id: 'GHSA-minimist-nofix',
        databaseSpecific: { severity: 'MODERATE' },
        affected: [affectedRange('npm', 'minimist', [{ introduced: '0' }])],
      }),
      summary: 'Prototype pollution in minimist',
    },
    {
      ...osvJson({
        id: 'PYSEC-2021-142',
        aliases: ['CVE-2020-14343'],
        databaseSpecific: { severity: 'HIGH' },
        affected: [affectedRange('PyPI', 'PyYAML', [{ introduced: '5.1' }, { fixed: '5.4' }])],
      }),
      summary: 'Arbitrary code execution in PyYAML',
    },
  ];
  for (const r of records) await writeFile(path.join(osv, `${String(r.id)}.json`), JSON.stringify(r));
  const db = openAdvisoryDb(file);
  try {
    const result = await importPath(db, osv, { now: () => importedAt });
    assert.equal(result.problems.length, 0, JSON.stringify(result.problems));
  } finally {
    db.close();
  }
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-deps-scan-'));
  project = path.join(dir, 'project');
  await mkdir(path.join(project, 'broken'), { recursive: true });
  await writeFile(
    path.join(project, 'package-lock.json'),
    `${JSON.stringify(
      {
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { lodash: '^4.17.0' }, devDependencies: { mocha: '^10.0.0' } },
          'node_modules/lodash': { version: '4.17.20' },
          'node_modules/mocha': { version: '10.0.0', dev: true },
          'node_modules/minimist': { version: '1.2.5', dev: true },
        },
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(path.join(project, 'requirements.txt'), 'requests==2.31.0\npyyaml==5.3.1\nflask>=2\n');
  await writeFile(path.join(project, 'broken', 'package-lock.json'), '{"lockfileVersion": 3, "packages": {');
  freshDb = path.join(dir, 'fresh.db');
  staleDb = path.join(dir, 'stale.db');
  await buildDb(freshDb, new Date());
  await buildDb(staleDb, new Date(Date.now() - 30 * 24 * 3600 * 1000));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rampart scan: dependency analyzer', () => {
  it('reports each vulnerable lockfile package with its advisory, line, severity and fix', async () => {
    const { code, findings } = await depsFindings(['--db', freshDb]);
    assert.equal(code, 1, 'a critical advisory fails the default --fail-on high');
    const vulns = findings.filter((f) => f.kind === 'violation');
    assert.deepEqual(
      vulns.map((f) => [f.ruleId, f.location.file, f.location.range?.start.line, f.severity, f.fix]),
      [
        ['GHSA-35jh-r3h4-6jhm', 'package-lock.json', 14, 'critical', 'upgrade lodash to ≥ 4.17.21'],
        [
          'GHSA-minimist-nofix',
          'package-lock.json',
          21,
          'medium',
          'No fixed version of minimist is published for GHSA-minimist-nofix: remove or replace it, or waive the finding with a reason.',
        ],
        ['PYSEC-2021-142', 'requirements.txt', 2, 'high', 'upgrade pyyaml to ≥ 5.4'],
      ],
    );
    const lodash = vulns[0] as ReportFinding;
    assert.equal(lodash.title, 'Command Injection in lodash');
    assert.equal(lodash.message, 'lodash@4.17.20 is affected by GHSA-35jh-r3h4-6jhm (CVE-2021-23337)');
    assert.deepEqual(lodash.location.resource, { kind: 'npm', name: 'pkg:npm/lodash@4.17.20' });
    assert.match(lodash.why, /^lodash versions prior to 4\.17\.21 are vulnerable/);
    // Only http(s) references, after the osv.dev page.
    assert.deepEqual(lodash.references, [
      'https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm',
      'https://github.com/lodash/lodash/commit/3469357',
    ]);
    assert.deepEqual(lodash.tags, ['dependency', 'direct', 'npm', 'alias:CVE-2021-23337']);
    assert.deepEqual((vulns[1] as ReportFinding).tags, ['dependency', 'transitive', 'dev', 'npm']);
    assert.equal(
      (vulns[2] as ReportFinding).message,
      'pyyaml@5.3.1 is affected by PYSEC-2021-142 (CVE-2020-14343)',
    );

    // Lockfile problems: the broken file is a parse error naming it; the unpinned requirement a notice.
    const others = findings
      .filter((f) => f.kind !== 'violation')
      .map((f) => [f.ruleId, f.kind, f.location.file]);
    assert.deepEqual(others, [
      ['RMP-DEPS-PARSE', 'parse-error', 'broken/package-lock.json'],
      ['RMP-DEPS-SKIPPED', 'notice', 'requirements.txt'],
    ]);
    assert.match(findings.find((f) => f.ruleId === 'RMP-DEPS-SKIPPED')?.message ?? '', /flask/);
    assert.ok(!findings.some((f) => f.ruleId.startsWith('RMP-DEPS-DB')), 'a fresh database gives no notice');
  });

  it('fingerprints do not depend on the line: they hash advisory, file and purl', async () => {
    const a = await depsFindings(['--db', freshDb]);
    const lock = path.join(project, 'requirements.txt');
    await writeFile(lock, '# a comment moves every line\nrequests==2.31.0\npyyaml==5.3.1\nflask>=2\n');
    try {
      const b = await depsFindings(['--db', freshDb]);
      const fp = (r: { findings: ReportFinding[] }) =>
        r.findings
          .filter((f) => f.ruleId === 'PYSEC-2021-142')
          .map((f) => [f.location.range?.start.line, f.fingerprint]);
      const [before] = fp(a) as [[number, string]];
      const [moved] = fp(b) as [[number, string]];
      assert.equal(before[0] + 1, moved[0]);
      assert.equal(before[1], moved[1]);
    } finally {
      await writeFile(lock, 'requests==2.31.0\npyyaml==5.3.1\nflask>=2\n');
    }
  });

  it('a malformed --hash is a low digest finding, and the package is still checked', async () => {
    const lock = path.join(project, 'requirements.txt');
    await writeFile(lock, 'requests==2.31.0\npyyaml==5.3.1 --hash=md5:abc\nflask>=2\n');
    try {
      const { findings } = await depsFindings(['--db', freshDb]);
      assert.ok(
        findings.some((f) => f.ruleId === 'PYSEC-2021-142'),
        'pyyaml is still matched',
      );
      const digest = findings.find((f) => f.ruleId === 'RMP-DEPS-DIGEST');
      assert.ok(digest, JSON.stringify(findings.map((f) => f.ruleId)));
      assert.equal(digest.severity, 'low');
      assert.equal(digest.location.range?.start.line, 2);
      assert.match(digest.message, /pyyaml: --hash algorithm "md5"/);
      assert.match(digest.why, /still checked against advisories/);
      assert.ok(
        !findings.some((f) => f.ruleId === 'RMP-DEPS-PARSE' && f.location.file === 'requirements.txt'),
      );
    } finally {
      await writeFile(lock, 'requests==2.31.0\npyyaml==5.3.1\nflask>=2\n');
    }
  });

  it('a missing database is a notice naming it and the commands to build it, not silence', async () => {
    const { code, findings } = await depsFindings([]);
    assert.equal(code, 0, 'notices do not fail the build');
    const notice = findings.find((f) => f.ruleId === 'RMP-DEPS-DB-MISSING');
    assert.ok(notice, JSON.stringify(findings));
    assert.equal(notice.kind, 'notice');
    assert.ok(notice.message.includes(path.join(dir, 'cache', 'rampart', 'advisories.db')), notice.message);
    assert.match(notice.message, /run `rampart db update` or `rampart db import PATH`/);
    assert.equal(findings.filter((f) => f.kind === 'violation').length, 0);
  });

  it('a stale database still matches, with a notice saying how old it is', async () => {
    const { findings } = await depsFindings(['--db', staleDb]);
    const notice = findings.find((f) => f.ruleId === 'RMP-DEPS-DB-STALE');
    assert.ok(notice, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.equal(notice.kind, 'notice');
    assert.match(notice.message, /last updated 30 days ago \(limit 7 days\): run `rampart db update`/);
    assert.equal(findings.filter((f) => f.kind === 'violation').length, 3);
  });

  it('--no-deps skips the analyzer; --db with --no-deps is a usage error', async () => {
    const { code, findings } = await depsFindings(['--no-deps']);
    assert.equal(code, 0);
    assert.deepEqual(findings, []);
    const both = await rampart(['scan', '.', '--no-deps', '--db', freshDb, '--quiet']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--db needs the dependency analyzer/);
  });
});

describe('deps analyzer', () => {
  it('wants lockfiles only and never opens the database without packages', async () => {
    const analyzer = createDepsAnalyzer({ dbPath: path.join(dir, 'never-created.db') });
    assert.equal(analyzer.wants({ path: 'a/package-lock.json', content: '' }), true);
    assert.equal(analyzer.wants({ path: 'requirements.txt', content: '' }), true);
    assert.equal(analyzer.wants({ path: 'main.tf', content: '' }), false);
    assert.equal(analyzer.wants({ path: 'package.json', content: '' }), false);
    const findings = await analyzer.analyze([{ path: 'requirements.txt', content: '# nothing\n' }], {
      root: dir,
    });
    assert.deepEqual(findings, []);
    assert.deepEqual(analyzer.stats(), { lockfiles: 1, packages: 0, matches: 0 });
  });

  it('a requirements file included by another and scanned itself is reported once', async () => {
    const root = path.join(dir, 'includes');
    await mkdir(root, { recursive: true });
    const dev = 'pyyaml==5.3.1\n';
    await writeFile(path.join(root, 'requirements-dev.txt'), dev);
    const analyzer = createDepsAnalyzer({ dbPath: freshDb });
    const findings = await analyzer.analyze(
      [
        { path: 'requirements.txt', content: 'requests==2.31.0\n-r requirements-dev.txt\n' },
        { path: 'requirements-dev.txt', content: dev },
      ],
      { root },
    );
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.location.file, f.location.range?.start.line]),
      [['PYSEC-2021-142', 'requirements-dev.txt', 1]],
    );
    // pyyaml came in twice (through the include and on its own), yet is reported once.
    assert.deepEqual(analyzer.stats(), { lockfiles: 2, packages: 3, matches: 1 });
  });

  it('an unreadable database file is a notice, not a crash', async () => {
    const bad = path.join(dir, 'garbage.db');
    await writeFile(bad, 'this is not sqlite, just text long enough to be read as a header...........');
    const analyzer = createDepsAnalyzer({ dbPath: bad });
    const findings = await analyzer.analyze([{ path: 'requirements.txt', content: 'pyyaml==5.3.1\n' }], {
      root: dir,
    });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.kind]),
      [['RMP-DEPS-DB-UNREADABLE', 'notice']],
    );
    assert.match(findings[0]?.message ?? '', /garbage\.db could not be read/);
  });
});

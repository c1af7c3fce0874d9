/**
 * `rampart scan --vex` / `--sbom` end to end (in-process CLI): a small advisory database, a
 * lockfile, VEX and SBOM fixtures from test/fixtures/{vex,sbom-scan}, every report format.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/testing/run-cli.ts';
import { affectedRange, osvJson } from '../../deps/osv/testing.ts';
import { importPath, openAdvisoryDb } from '../advisories/index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');
let dir: string;
let project: string;
let db: string;

interface Report {
  findings: {
    ruleId: string;
    analyzer: string;
    tags: string[];
    location: { file?: string; range?: { start: { line: number } }; resource?: { name: string } };
  }[];
  suppressed: { by: string; reason: string; finding: { ruleId: string } }[];
  summary: { suppressed: Record<string, number> };
}

async function scan(
  args: readonly string[],
  cwd = project,
): Promise<{ code: number; report: Report; stderr: string }> {
  const run = await runCli(
    ['scan', '.', '--format', 'json', '--quiet', '--no-secrets', '--no-policy', '--db', db, ...args],
    {
      cwd,
    },
  );
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-vex-sbom-'));
  project = path.join(dir, 'project');
  await mkdir(path.join(project, 'vex'), { recursive: true });
  await writeFile(
    path.join(project, 'package-lock.json'),
    `${JSON.stringify(
      {
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { lodash: '^4.17.0', minimist: '^1.2.0' } },
          'node_modules/lodash': { version: '4.17.20' },
          'node_modules/minimist': { version: '1.2.5' },
        },
      },
      null,
      2,
    )}\n`,
  );
  for (const name of ['openvex.json', 'cyclonedx-vex.json', 'bad-status.openvex.json'])
    await copyFile(path.join(FIXTURES, 'vex', name), path.join(project, 'vex', name));
  const osv = path.join(dir, 'osv');
  await mkdir(osv);
  const records = [
    osvJson({
      id: 'GHSA-35jh-r3h4-6jhm',
      aliases: ['CVE-2021-23337'],
      databaseSpecific: { severity: 'HIGH' },
      affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }])],
    }),
    osvJson({
      id: 'GHSA-minimist-nofix',
      databaseSpecific: { severity: 'MODERATE' },
      affected: [affectedRange('npm', 'minimist', [{ introduced: '0' }])],
    }),
    osvJson({
      id: 'PYSEC-2021-142',
      aliases: ['CVE-2020-14343'],
      databaseSpecific: { severity: 'HIGH' },
      affected: [affectedRange('PyPI', 'PyYAML', [{ introduced: '5.1' }, { fixed: '5.4' }])],
    }),
  ];
  for (const r of records) await writeFile(path.join(osv, `${String(r.id)}.json`), JSON.stringify(r));
  db = path.join(dir, 'advisories.db');
  const handle = openAdvisoryDb(db);
  try {
    await importPath(handle, osv, { now: () => new Date() });
  } finally {
    handle.close();
  }
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rampart scan --vex', () => {
  it('suppresses the GHSA finding a CVE not_affected statement covers (alias), keeps the rest', async () => {
    const before = await scan([]);
    assert.deepEqual(before.report.findings.map((f) => f.ruleId).sort(), [
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-minimist-nofix',
    ]);
    assert.ok(before.report.findings.some((f) => f.tags.includes('alias:CVE-2021-23337')));

    const { code, report } = await scan(['--vex', 'vex/openvex.json', '--fail-on', 'high']);
    // lodash (high) is suppressed, minimist@1.2.5 is not (the statement pins 0.0.1): below --fail-on.
    assert.equal(code, 0);
    assert.deepEqual(
      report.findings.map((f) => f.ruleId),
      ['GHSA-minimist-nofix'],
    );
    assert.deepEqual(
      report.suppressed.map((s) => [s.by, s.finding.ruleId, s.reason]),
      [
        [
          'vex',
          'GHSA-35jh-r3h4-6jhm',
          'not_affected: vulnerable_code_not_in_execute_path: template() is never called with user input (vex/openvex.json)',
        ],
      ],
    );
    assert.equal(report.summary.suppressed.vex, 1);
  });

  it('reads vex: from rampart.yaml (paths relative to it)', async () => {
    const configured = path.join(dir, 'configured');
    await mkdir(configured, { recursive: true });
    await copyFile(path.join(project, 'package-lock.json'), path.join(configured, 'package-lock.json'));
    await copyFile(path.join(FIXTURES, 'vex', 'cyclonedx-vex.json'), path.join(configured, 'bom.vex.json'));
    await writeFile(path.join(configured, 'rampart.yaml'), 'vex:\n  - bom.vex.json\n');
    const { report } = await scan([], configured);
    assert.deepEqual(
      report.suppressed.map((s) => s.finding.ruleId),
      ['GHSA-35jh-r3h4-6jhm'],
    );
    assert.match(report.suppressed[0]?.reason ?? '', /^false_positive: code_not_reachable/);
  });

  it('shows VEX suppressions in SARIF (external, with the justification), JUnit (skipped) and the table', async () => {
    const base = [
      'scan',
      '.',
      '--quiet',
      '--no-secrets',
      '--no-policy',
      '--db',
      db,
      '--vex',
      'vex/openvex.json',
    ];
    const sarif = await runCli([...base, '--format', 'sarif'], { cwd: project });
    const results = (
      JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[] }
    ).runs[0]?.results;
    const lodash = results?.find((r) => r.ruleId === 'GHSA-35jh-r3h4-6jhm');
    assert.deepEqual(lodash?.suppressions, [
      {
        kind: 'external',
        status: 'accepted',
        justification:
          'not_affected: vulnerable_code_not_in_execute_path: template() is never called with user input (vex/openvex.json)',
        properties: { by: 'vex' },
      },
    ]);
    const junit = await runCli([...base, '--format', 'junit'], { cwd: project });
    assert.match(junit.stdout, /<skipped message="suppressed \(vex\): not_affected: /);
    const table = await runCli([...base, '--format', 'table'], { cwd: project });
    assert.match(table.stdout, /suppressed {2}1 \(0 inline, 0 waiver, 1 vex, 0 baseline\)/);
  });

  it('exits 2 naming the file and field for a bad VEX file, or a missing one', async () => {
    const bad = await runCli(
      [
        'scan',
        '.',
        '--quiet',
        '--no-secrets',
        '--no-policy',
        '--db',
        db,
        '--vex',
        'vex/bad-status.openvex.json',
      ],
      {
        cwd: project,
      },
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /vex\/bad-status\.openvex\.json: statements\[1\]\.status: expected one of/);
    const missing = await runCli(['scan', '.', '--quiet', '--no-secrets', '--db', db, '--vex', 'nope.json'], {
      cwd: project,
    });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json does not exist/);
  });
});

describe('rampart scan --sbom', () => {
  it('finds vulnerable SBOM components, located at the SBOM line of their purl, resource = purl', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const sbom = path.join(FIXTURES, 'sbom-scan', 'bom.cdx.json');
    const { code, report } = await scan(['--sbom', sbom], empty);
    assert.equal(code, 1);
    const vulns = report.findings.filter((f) => f.analyzer === 'deps' && f.ruleId !== 'RMP-DEPS-SKIPPED');
    assert.deepEqual(
      vulns
        .map((f) => [f.ruleId, f.location.file, f.location.range?.start.line, f.location.resource?.name])
        .sort(),
      [
        ['GHSA-35jh-r3h4-6jhm', sbom, 11, 'pkg:npm/lodash@4.17.20'],
        ['PYSEC-2021-142', sbom, 17, 'pkg:pypi/PyYAML@5.3.1'],
      ],
    );
    // Components OSV cannot check are reported once, not silently dropped.
    assert.ok(report.findings.some((f) => f.ruleId === 'RMP-DEPS-SKIPPED' && f.location.file === sbom));
  });

  it('SPDX input, root-relative path, and VEX applies to SBOM findings too', async () => {
    await copyFile(path.join(FIXTURES, 'sbom-scan', 'bom.spdx.json'), path.join(project, 'bom.spdx.json'));
    const { report } = await scan(['--sbom', 'bom.spdx.json', '--vex', 'vex/cyclonedx-vex.json']);
    const fromSbom = report.suppressed.filter((s) => s.by === 'vex').map((s) => s.finding.ruleId);
    assert.deepEqual(fromSbom, ['GHSA-35jh-r3h4-6jhm', 'GHSA-35jh-r3h4-6jhm']);
    assert.ok(!report.findings.some((f) => f.location.file === 'bom.spdx.json'));
  });

  it('a broken SBOM is a parse error finding naming it', async () => {
    await writeFile(path.join(project, 'broken.cdx.json'), '{"bomFormat": "CycloneDX", "components": [');
    const { report } = await scan(['--sbom', 'broken.cdx.json']);
    const parse = report.findings.find((f) => f.location.file === 'broken.cdx.json');
    assert.equal(parse?.ruleId, 'RMP-DEPS-PARSE');
  });
});

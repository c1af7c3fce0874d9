import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../core/finding.ts';
import { parseVex } from '../../deps/vex/parse.ts';
import type { VexStatement } from '../../deps/vex/types.ts';
import { applySuppressions } from './apply.ts';
import { testFinding } from './test-finding.ts';
import { ALIAS_TAG } from './vex.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/vex');
const load = (name: string): VexStatement[] =>
  parseVex(readFileSync(path.join(FIXTURES, name), 'utf8'), `vex/${name}`);

/** A dependency finding shaped like the deps analyzer's (rule = advisory id, resource = purl). */
function depFinding(id: string, purl: string, aliases: readonly string[] = []): Finding {
  const base = testFinding(id, 'package-lock.json', 3, { kind: 'npm', name: purl });
  return { ...base, analyzer: 'deps', tags: ['dependency', ...aliases.map((a) => `${ALIAS_TAG}${a}`)] };
}

const run = (findings: Finding[], vex: readonly VexStatement[], baseline?: Set<string>) =>
  applySuppressions(findings, {
    files: [],
    waivers: [],
    vex,
    today: '2026-11-26',
    ...(baseline ? { baseline } : {}),
  });

describe('VEX suppression (OpenVEX)', () => {
  const vex = load('openvex.json');

  it('suppresses a GHSA finding whose alias is the CVE a not_affected statement names, with its justification', () => {
    const lodash = depFinding('GHSA-35jh-r3h4-6jhm', 'pkg:npm/lodash@4.17.20', ['CVE-2021-23337']);
    const out = run([lodash], vex);
    assert.deepEqual(out.findings, []);
    assert.equal(out.suppressed.length, 1);
    assert.equal(out.suppressed[0]?.by, 'vex');
    assert.equal(
      out.suppressed[0]?.reason,
      'not_affected: vulnerable_code_not_in_execute_path: template() is never called with user input (vex/openvex.json)',
    );
  });

  it('matches the statement alias against the finding id too (CVE finding, GHSA alias in VEX)', () => {
    const out = run([depFinding('CVE-2021-23337', 'pkg:npm/lodash@1.0.0')], vex);
    assert.equal(out.suppressed[0]?.by, 'vex');
  });

  it('never suppresses on affected, another package, another vulnerability, or a non-dependency finding', () => {
    const pyyaml = depFinding('PYSEC-2021-142', 'pkg:pypi/pyyaml@5.3.1');
    const otherPkg = depFinding('GHSA-35jh-r3h4-6jhm', 'pkg:npm/lodash.template@4.5.0', ['CVE-2021-23337']);
    const otherVuln = depFinding('GHSA-xxxx', 'pkg:npm/lodash@4.17.20', ['CVE-2099-1']);
    // Right rule id, but a policy finding with no purl resource.
    const policy = testFinding('CVE-2021-23337', 'k8s/a.yaml', 1, { kind: 'Pod', name: 'lodash' });
    const out = run([pyyaml, otherPkg, otherVuln, policy], vex);
    assert.equal(out.suppressed.length, 0);
    assert.equal(out.findings.length, 4);
  });

  it('matches the version only when the statement purl has one', () => {
    // minimist is `fixed` for pkg:npm/minimist@0.0.1 only.
    const old = depFinding('GHSA-minimist-nofix', 'pkg:npm/minimist@0.0.1');
    const newer = depFinding('GHSA-minimist-nofix', 'pkg:npm/minimist@1.2.5');
    const out = run([old, newer], vex);
    assert.deepEqual(
      out.suppressed.map((s) => s.finding),
      [old],
    );
    assert.deepEqual(out.findings, [newer]);
  });

  it('does not suppress when another statement for the same finding says affected', () => {
    const conflicting: VexStatement[] = [
      ...vex,
      { ...(vex[0] as VexStatement), status: 'under_investigation', suppresses: false, index: 9 },
    ];
    const lodash = depFinding('GHSA-35jh-r3h4-6jhm', 'pkg:npm/lodash@4.17.20', ['CVE-2021-23337']);
    assert.equal(run([lodash], conflicting).suppressed.length, 0);
  });

  it('comes before the baseline: a VEX-covered finding is reported as by vex', () => {
    const lodash = depFinding('GHSA-35jh-r3h4-6jhm', 'pkg:npm/lodash@4.17.20', ['CVE-2021-23337']);
    const out = run([lodash], vex, new Set([lodash.fingerprint]));
    assert.equal(out.suppressed[0]?.by, 'vex');
  });
});

describe('VEX suppression (CycloneDX)', () => {
  const vex = load('cyclonedx-vex.json');

  it('false_positive and resolved suppress; in_triage does not', () => {
    const lodash = depFinding('GHSA-35jh-r3h4-6jhm', 'pkg:npm/lodash@4.17.20', ['CVE-2021-23337']);
    const pyyaml = depFinding('PYSEC-2021-142', 'pkg:pypi/pyyaml@5.3.1', ['CVE-2020-14343']);
    const minimist = depFinding('GHSA-minimist-nofix', 'pkg:npm/minimist@0.0.1');
    const out = run([lodash, pyyaml, minimist], vex);
    assert.deepEqual(out.findings, [pyyaml]);
    assert.deepEqual(
      out.suppressed.map((s) => [s.finding.ruleId, s.reason]),
      [
        [
          'GHSA-35jh-r3h4-6jhm',
          'false_positive: code_not_reachable: only used at build time (vex/cyclonedx-vex.json)',
        ],
        ['GHSA-minimist-nofix', 'resolved (vex/cyclonedx-vex.json)'],
      ],
    );
  });
});

describe('VEX suppression: the latest statement wins', () => {
  const lodash = () => depFinding('GHSA-35jh-r3h4-6jhm', 'pkg:npm/lodash@4.17.20', ['CVE-2021-23337']);
  const minimist = () => depFinding('GHSA-minimist-nofix', 'pkg:npm/minimist@0.0.1');

  it('OpenVEX: a later not_affected overrides under_investigation; a later-updated affected overrides not_affected', () => {
    const out = run([lodash(), minimist()], load('sequence.openvex.json'));
    assert.deepEqual(
      out.suppressed.map((s) => [s.finding.ruleId, s.reason]),
      [
        [
          'GHSA-35jh-r3h4-6jhm',
          'not_affected: vulnerable_code_not_in_execute_path (vex/sequence.openvex.json)',
        ],
      ],
    );
    assert.deepEqual(
      out.findings.map((f) => f.ruleId),
      ['GHSA-minimist-nofix'],
    );
  });

  it('CycloneDX: lastUpdated orders analyses; an undated one (metadata time) is newer than an old firstIssued', () => {
    const out = run([lodash(), minimist()], load('sequence.cdx.json'));
    assert.deepEqual(
      out.suppressed.map((s) => [s.finding.ruleId, s.finding.location.resource?.name]),
      [
        ['GHSA-35jh-r3h4-6jhm', 'pkg:npm/lodash@4.17.20'],
        ['GHSA-minimist-nofix', 'pkg:npm/minimist@0.0.1'],
      ],
    );
  });

  it('across files too, whatever the order the files are given in', () => {
    const openvex = load('sequence.openvex.json');
    const cdx = load('sequence.cdx.json');
    // lodash: OpenVEX not_affected (Oct 5) is newer than CycloneDX resolved (Sep 20): suppressed either way.
    // minimist: OpenVEX affected (updated Oct 3) is the newest: reported either way.
    for (const vex of [
      [...openvex, ...cdx],
      [...cdx, ...openvex],
    ]) {
      const out = run([lodash(), minimist()], vex);
      assert.deepEqual(
        out.findings.map((f) => f.ruleId),
        ['GHSA-minimist-nofix'],
      );
      assert.match(out.suppressed[0]?.reason ?? '', /sequence\.openvex\.json/);
    }
  });

  it('an undated statement never overrides a dated one; equally recent conflicting ones keep the finding', () => {
    const dated = load('sequence.openvex.json')[1] as VexStatement; // not_affected, Oct 5
    const undated: VexStatement = { ...dated, status: 'affected', suppresses: false, index: 7 };
    delete (undated as { time?: number }).time;
    assert.equal(run([lodash()], [undated, dated]).suppressed.length, 1);
    const tie: VexStatement = { ...dated, status: 'affected', suppresses: false, index: 8 };
    assert.equal(run([lodash()], [dated, tie]).suppressed.length, 0);
  });
});

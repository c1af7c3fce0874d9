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

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isRampartError } from '../../core/errors.ts';
import { applySuppressions } from './apply.ts';
import { testFinding } from './test-finding.ts';
import { parseWaivers } from './waivers.ts';

const FILE = '.rampart/waivers.yaml';

function errorOf(text: string): string {
  try {
    parseWaivers(text, FILE);
  } catch (error) {
    assert.ok(isRampartError(error));
    assert.equal(error.code, 'E_WAIVER_INVALID');
    return error.describe();
  }
  assert.fail('expected an error');
}

describe('waivers file: validation', () => {
  it('reads a list with every field and records each waiver line', () => {
    const waivers = parseWaivers(
      `waivers:\n  - rule: RMP-K8S-001\n    path: "k8s/**"\n    reason: CNI plugin\n    owner: alice\n    expires: 2026-12-31\n  - rule: "*"\n    resource: aws_s3_bucket.site\n    reason: static site\n`,
      FILE,
    );
    assert.deepEqual(waivers[0], {
      rule: 'RMP-K8S-001',
      reason: 'CNI plugin',
      path: 'k8s/**',
      owner: 'alice',
      expires: '2026-12-31',
      file: FILE,
      line: 2,
    });
    assert.equal(waivers[1]?.line, 7);
    assert.deepEqual(parseWaivers('- rule: A\n  path: x\n  reason: r\n', FILE).length, 1);
    assert.deepEqual(parseWaivers('', FILE), []);
  });

  it('names file:line and field for a missing reason', () => {
    assert.equal(
      errorOf('waivers:\n  - rule: A\n    path: x\n  - rule: B\n    path: y\n'),
      `${FILE}:2: waivers[0].reason: required (say why the risk is accepted)`,
    );
  });

  it('names file:line and field for a bad date, an unknown field, a missing target', () => {
    assert.equal(
      errorOf('- rule: A\n  path: x\n  reason: r\n  expires: 2026-13-01\n'),
      `${FILE}:4: [0].expires: "2026-13-01" is not a date (use YYYY-MM-DD)`,
    );
    assert.match(
      errorOf('- rule: A\n  path: x\n  reason: r\n  expire: 2026-01-01\n'),
      /:4: \[0\]\.expire: unknown field/,
    );
    assert.match(errorOf('- rule: A\n  reason: r\n'), /:1: \[0\]: needs path \(glob\) and\/or resource/);
    assert.match(
      errorOf('- rule: A\n  path: [x]\n  reason: r\n'),
      /:2: \[0\]\.path: must be a non-empty string/,
    );
    assert.match(errorOf('- rule: A\n  path: "x\n'), /^\.rampart\/waivers\.yaml:\d+: invalid YAML/);
  });
});

describe('waivers file: matching and expiry', () => {
  const waivers = parseWaivers(
    `- rule: RMP-A\n  path: "k8s/**"\n  reason: accepted\n  owner: alice\n  expires: 2026-06-30\n- rule: RMP-B\n  resource: Deployment/prod/web\n  reason: r\n- rule: RMP-C\n  resource: aws_s3_bucket.site\n  path: infra/*.tf\n  reason: r\n  owner: bob\n  expires: 2026-01-31\n`,
    FILE,
  );

  it('matches by path glob, by kind/namespace/name and keeps owner/expires on the suppression', () => {
    const out = applySuppressions(
      [
        testFinding('RMP-A', 'k8s/app/d.yaml', 3),
        testFinding('RMP-A', 'other/d.yaml', 3),
        testFinding('RMP-B', 'x.yaml', 1, { kind: 'Deployment', namespace: 'prod', name: 'web' }),
        testFinding('RMP-B', 'x.yaml', 9, { kind: 'Deployment', namespace: 'dev', name: 'web' }),
      ],
      { files: [], waivers, today: '2026-06-01' },
    );
    assert.deepEqual(
      out.suppressed.map((s) => [s.finding.location.file, s.by, s.owner, s.expires]),
      [
        ['k8s/app/d.yaml', 'waiver', 'alice', '2026-06-30'],
        ['x.yaml', 'waiver', undefined, undefined],
      ],
    );
    assert.deepEqual(
      out.findings
        .filter((f) => f.kind === 'violation')
        .map((f) => `${f.location.file}:${f.location.range?.start.line}`),
      ['other/d.yaml:3', 'x.yaml:9'],
    );
  });

  it('an expired waiver stops suppressing and is reported with its file:line, owner and date', () => {
    const finding = testFinding('RMP-C', 'infra/s3.tf', 4, {
      kind: 'aws_s3_bucket',
      name: 'site',
      address: 'aws_s3_bucket.site',
    });
    const before = applySuppressions([finding], { files: [], waivers, today: '2026-01-31' });
    assert.equal(before.suppressed.length, 1);
    const after = applySuppressions([finding], { files: [], waivers, today: '2026-02-01' });
    assert.equal(after.suppressed.length, 0);
    const expired = after.findings.find((f) => f.kind === 'expired-waiver');
    assert.equal(expired?.severity, 'medium');
    assert.equal(expired?.location.file, FILE);
    assert.equal(expired?.location.range?.start.line, 9);
    assert.match(expired?.message ?? '', /\.rampart\/waivers\.yaml:9 \(owner bob\) expired on 2026-01-31/);
    assert.ok(after.findings.includes(finding));
  });

  it('applies inline before waivers before baseline', () => {
    const f = testFinding('RMP-A', 'k8s/d.yaml', 1);
    const out = applySuppressions([f], {
      files: [{ path: 'k8s/d.yaml', content: 'a: 1 # rampart:ignore RMP-A reason="inline wins"\n' }],
      waivers,
      baseline: new Set([f.fingerprint]),
      today: '2026-06-01',
    });
    assert.equal(out.suppressed[0]?.by, 'inline');
  });
});

describe('waivers file fuzzing', () => {
  it('never throws anything but E_WAIVER_INVALID, on arbitrary YAML-ish text', () => {
    const fragments = fc.constantFrom(
      'waivers:\n',
      '- ',
      '  - rule: ',
      'RMP-A',
      '\n    path: ',
      '"**"',
      '\n    reason: ',
      'why',
      '\n    expires: ',
      '2026-01-01',
      '2026-99-01',
      '{',
      '[',
      '"',
      ': ',
      '&x ',
      '*x',
      '---\n',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 40 }), (parts) => {
        try {
          for (const w of parseWaivers(parts.join(''), FILE)) {
            assert.ok(
              w.reason.length > 0 && w.rule.length > 0 && (w.path !== undefined || w.resource !== undefined),
            );
          }
        } catch (error) {
          if (!isRampartError(error) || error.code !== 'E_WAIVER_INVALID') throw error;
        }
      }),
      { numRuns: 400 },
    );
  });
});

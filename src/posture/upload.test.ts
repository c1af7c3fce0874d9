import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { finding, report } from '../../test/fixtures/posture/reports.ts';
import { PostureError } from './errors.ts';
import { parseUpload } from './upload.ts';

function fieldOf(body: unknown): string | undefined {
  try {
    parseUpload(body);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof PostureError, String(error));
    return error.field;
  }
}

test('parseUpload: a report becomes an upload; notices and parse errors are not tracked; duplicates collapse', () => {
  const body = report([finding('a'), finding('a'), { ...finding('p'), kind: 'parse-error' }], {
    suppressed: ['s'],
  });
  const upload = parseUpload({ service: 'checkout', commit: 'abc', report: body });
  assert.deepEqual(
    upload.findings.map((f) => [f.fingerprint, f.file, f.line]),
    [['a', 'k8s/app-0.yaml', 1]],
  );
  assert.equal(upload.full, true);
  assert.equal(upload.commit, 'abc');
  assert.equal(upload.branch, undefined);
  assert.deepEqual(upload.suppressed, ['s']);
  assert.deepEqual(upload.rules[0], {
    id: 'RMP-K8S-001',
    title: 'title of RMP-K8S-001',
    severity: 'critical',
    frameworks: { 'cis-kubernetes': ['5.2.1'], 'nist-800-53': ['AC-6'] },
  });
});

test('parseUpload: malformed input names the field', () => {
  const good = report([finding('a')]);
  const findings = good.findings as Array<Record<string, unknown>>;
  assert.equal(fieldOf(null), 'body');
  assert.equal(fieldOf({ report: good }), 'body.service');
  assert.equal(fieldOf({ service: 's' }), 'body.report');
  assert.equal(fieldOf({ service: 's', report: { ...good, version: '2' } }), 'body.report.version');
  assert.equal(fieldOf({ service: 's', full: 'yes', report: good }), 'body.full');
  assert.equal(
    fieldOf({ service: 's', report: { ...good, findings: [{ ...findings[0], severity: 'huge' }] } }),
    'body.report.findings[0].severity',
  );
  assert.equal(
    fieldOf({
      service: 's',
      report: { ...good, findings: [findings[0], { ...findings[0], fingerprint: 7 }] },
    }),
    'body.report.findings[1].fingerprint',
  );
  assert.equal(
    fieldOf({ service: 's', report: { ...good, rules: [{ id: 'R', frameworks: [] }] } }),
    'body.report.rules[0].frameworks',
  );
});

test('parseUpload: any JSON value either parses or fails with a PostureError (fuzz)', () => {
  const base = report([finding('a')]);
  fc.assert(
    fc.property(
      fc.jsonValue(),
      fc.jsonValue(),
      fc.constantFrom('findings', 'rules', 'suppressed', 'target'),
      (junk, inner, key) => {
        for (const body of [
          junk,
          { service: 'x', report: junk },
          { service: 'x', report: { ...base, [key]: inner } },
        ]) {
          try {
            parseUpload(body);
          } catch (error) {
            assert.ok(error instanceof PostureError, `unexpected ${String(error)}`);
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});

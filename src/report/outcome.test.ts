import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findings, sampleResult } from '../../test/fixtures/report/scan-result.ts';
import type { Finding } from '../core/finding.ts';
import { failingFindings, sortedFindings, suppressedCounts, thresholdHit } from './outcome.ts';
import { REPORTERS } from './registry.ts';

test('outcome: the threshold counts unsuppressed findings at or above --fail-on, never notices', () => {
  // 2 critical + 1 high violation and the high rule error; the medium parse error is below.
  assert.deepEqual(
    failingFindings(sampleResult)
      .map((f) => f.ruleId)
      .sort(),
    ['RMP-K8S-001', 'RMP-K8S-001', 'RMP-TF-010', 'RMP-TF-011'],
  );
  assert.equal(thresholdHit({ ...sampleResult, failOn: 'critical' }), true);
  const notice = findings.find((f) => f.kind === 'notice') as Finding;
  const criticalNotice: Finding = { ...notice, severity: 'critical' };
  assert.equal(thresholdHit({ ...sampleResult, findings: [criticalNotice], failOn: 'info' }), false);
  assert.equal(thresholdHit({ ...sampleResult, findings: [], failOn: 'info' }), false);
});

test('outcome: suppressed counts per kind', () => {
  assert.deepEqual(suppressedCounts(sampleResult), { inline: 1, waiver: 1, vex: 0, baseline: 1 });
});

test('outcome: order does not depend on the order analyzers returned findings in', () => {
  const twins: Finding[] = [
    { ...(findings[1] as Finding), message: 'container b is privileged', fingerprint: 'b' },
    { ...(findings[1] as Finding), message: 'container a is privileged', fingerprint: 'a' },
  ];
  const all = [...findings, ...twins];
  fc.assert(
    fc.property(fc.shuffledSubarray(all, { minLength: all.length }), (shuffled) => {
      assert.deepEqual(sortedFindings(shuffled), sortedFindings(all));
      for (const reporter of REPORTERS) {
        assert.equal(
          reporter.render({ ...sampleResult, findings: shuffled }, { color: false }),
          reporter.render({ ...sampleResult, findings: all }, { color: false }),
        );
      }
    }),
    { numRuns: 20 },
  );
});

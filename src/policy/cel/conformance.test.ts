import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConformance } from './conformance/run.ts';
import { CONFORMANCE_SKIPS, skipReason } from './conformance/skip-list.ts';

// The upstream CEL conformance suite (cel-spec, via @bufbuild/cel-spec) against the evaluator
// rules run on. Every test passes unless the skip list names it with a reason (docs/cel.md).
const results = runConformance();
const files = [...new Set(results.map((r) => r.id.split('/')[0] as string))];

describe('CEL conformance (cel-spec test data)', () => {
  for (const file of files) {
    it(`${file}: every non-skipped test passes`, () => {
      const failures = results
        .filter((r) => r.id.startsWith(`${file}/`) && r.outcome !== 'pass' && skipReason(r.id) === undefined)
        .map((r) => `${r.id}: ${r.expr} → ${r.outcome}: ${r.detail ?? ''}`);
      assert.deepEqual(failures, []);
    });
  }

  it('every skip-list entry still matches a test (no stale skips)', () => {
    const stale = Object.keys(CONFORMANCE_SKIPS).filter(
      (prefix) => !results.some((r) => r.id.startsWith(prefix)),
    );
    assert.deepEqual(stale, []);
  });

  it('runs a substantial part of the suite', () => {
    const run = results.filter((r) => skipReason(r.id) === undefined);
    assert.ok(run.length >= 900, `only ${run.length} conformance tests run`);
  });
});

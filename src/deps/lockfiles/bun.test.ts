import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bunLock } from './bun.ts';
import { parseFixture, problemSummary, summary } from './testing.ts';

test('bun.lock: JSONC tuples, alias keys, nested install keys, workspace entries skipped, dev by reachability', () => {
  const f = 'bun/bun.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:npm/%40types/prop-types@15.7.11 ${f}:23 direct=false dev=true`,
    `pkg:npm/%40types/react@18.2.45 ${f}:24 direct=true dev=true`,
    // the hoisted copy nobody resolves to (the nested 3.0.0 wins for @types/react)
    `pkg:npm/csstype@3.1.3 ${f}:25 direct=false dev=undefined`,
    `pkg:npm/js-tokens@4.0.0 ${f}:26 direct=false dev=false`,
    `pkg:npm/loose-envify@1.4.0 ${f}:27 direct=false dev=false`,
    `pkg:npm/react@18.2.0 ${f}:28 direct=true dev=false`,
    `pkg:npm/string-width@4.2.3 ${f}:29 direct=true dev=false`,
    `pkg:npm/csstype@3.0.0 ${f}:32 direct=false dev=true`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:31: my-fork: "my-fork@github:someone/my-fork#0a1b2c3" is not a registry package; not reported`,
  ]);
  assert.ok(
    r.edges?.some(([a, b]) => a === 'pkg:npm/%40types/react@18.2.45' && b === 'pkg:npm/csstype@3.0.0'),
  );
});

test('bun.lock bad input', () => {
  const r = bunLock.parse('bun.lock', '{"packages": {"a": "a@1.0.0", "b": [], "c": ["c@1.0.0",],},}');
  assert.deepEqual(summary(r.packages), ['pkg:npm/c@1.0.0 bun.lock:1 direct=false dev=undefined']);
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.entry]),
    [
      ['invalid-entry', 'a'],
      ['invalid-entry', 'b'],
    ],
  );
  assert.equal(bunLock.parse('bun.lock', '{"packages": {').problems[0]?.kind, 'syntax');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lastIndexAtMost } from './sorted.ts';

test('lastIndexAtMost: the last entry at most the value, as a linear scan finds it', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 }),
      fc.integer({ min: -5, max: 110 }),
      (raw, value) => {
        const sorted = [0, ...raw].sort((a, b) => a - b);
        let expected = 0;
        for (let i = 0; i < sorted.length; i++) if ((sorted[i] as number) <= value) expected = i;
        assert.equal(lastIndexAtMost(sorted, value), expected);
      },
    ),
    { numRuns: 500 },
  );
  assert.equal(lastIndexAtMost([], 3), 0);
  assert.equal(lastIndexAtMost(Int32Array.from([0, 5, 9]), 9), 2);
});

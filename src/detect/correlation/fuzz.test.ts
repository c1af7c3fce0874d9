import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { createDetector } from '../detector.ts';
import { loadRules } from '../load.ts';
import { baseRule } from './test-helpers.ts';

const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 3 }),
);
const correlation = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom(
        'event_count',
        'value_count',
        'temporal',
        'temporal_ordered',
        'value_sum',
        'value_avg',
        'value_percentile',
      ),
      value,
    ),
    rules: fc.oneof(fc.constant(['a', 'b']), fc.constant(['a']), value),
    'group-by': fc.oneof(fc.constant(['User']), value),
    timespan: fc.oneof(fc.constantFrom('1s', '5m', '0s', '99999999d'), value),
    condition: fc.oneof(fc.constant({ gte: 1 }), fc.constant({ field: 'x', lt: 3 }), value),
    aliases: value,
    generate: value,
  },
  { requiredKeys: [] },
);

test('fuzz: arbitrary correlation documents never crash the load; loaded ones run without throwing', () => {
  fc.assert(
    fc.property(
      correlation,
      fc.array(
        fc.record({
          t: fc.integer({ min: 0, max: 100 }),
          rule: fc.constantFrom('a', 'b'),
          User: scalar,
          x: scalar,
        }),
      ),
      (corr, events) => {
        const text = [baseRule('a'), baseRule('b'), stringify({ title: 'fuzz', correlation: corr })].join(
          '---\n',
        );
        const r = loadRules([{ file: 'fuzz.yml', text }]);
        assert.equal(r.correlations.length + r.rejected.length, 1);
        for (const x of r.rejected) assert.ok(x.reason.length > 0 && x.origin.line >= 1);
        const d = createDetector({
          rules: r.rules,
          correlations: r.correlations,
          options: { logsource: null },
        });
        for (const e of events) d.push(e, { time: e.t * 1000 });
        d.flush();
      },
    ),
    { numRuns: 300 },
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileMulti, MULTI_MIN_ITEMS, multiMatches } from './multi-match.ts';
import type { StringMatcher } from './string-match.ts';

const naive = (m: StringMatcher, v: string): boolean =>
  m.kind === 'eq'
    ? v === m.text
    : m.kind === 'prefix'
      ? v.startsWith(m.text)
      : m.kind === 'suffix'
        ? v.endsWith(m.text)
        : m.kind === 'contains' && v.includes(m.text);

// Property: one automaton pass agrees with checking every list item by its anchoring.
test('multiMatches agrees with item-by-item string operations', () => {
  const text = fc
    .array(fc.constantFrom('a', 'b', 'c', '\\', '.', 'é'), { minLength: 1, maxLength: 5 })
    .map((cs) => cs.join(''));
  const item = fc
    .tuple(fc.constantFrom('eq', 'prefix', 'suffix', 'contains'), text)
    .map(([kind, t]) => ({ kind, text: t }) as StringMatcher);
  fc.assert(
    fc.property(
      fc.array(item, { minLength: MULTI_MIN_ITEMS, maxLength: 12 }),
      fc.array(text, { minLength: 1, maxLength: 10 }),
      (items, values) => {
        const m = compileMulti(items);
        assert.ok(m);
        for (const v of values)
          assert.equal(
            multiMatches(m, v),
            items.some((i) => naive(i, v)),
            `${JSON.stringify(items)} on ${v}`,
          );
      },
    ),
    { numRuns: 2000 },
  );
});

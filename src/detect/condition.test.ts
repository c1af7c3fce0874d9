import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCondition, selectIdentifiers } from './condition.ts';
import { matches, rejectionOf, ruleFrom } from './test-support.ts';

// Three selections over fields A, B, C; an event sets the fields that should be "true".
const DET = `sel_a:\n  A: 'x'\nsel_b:\n  B: 'x'\n_helper:\n  C: 'x'\nother:\n  D: 'x'`;
const truth = (cond: string, fields: string) => {
  const rule = ruleFrom(`${DET}\ncondition: ${cond}`);
  return matches(rule, Object.fromEntries([...fields].map((f) => [f, 'x'])));
};

test('Sigma spec §Condition: and / or / not with or < and < not precedence', () => {
  assert.equal(truth('sel_a or sel_b and other', 'A'), true); // a or (b and d)
  assert.equal(truth('sel_a or sel_b and other', 'B'), false);
  assert.equal(truth('not sel_a and sel_b', 'B'), true); // (not a) and b
  assert.equal(truth('not sel_a and sel_b', 'AB'), false);
  assert.equal(truth('not sel_a or sel_b', 'A'), false);
});

test('Sigma spec §Condition: parentheses override precedence', () => {
  assert.equal(truth('(sel_a or sel_b) and other', 'A'), false);
  assert.equal(truth('(sel_a or sel_b) and other', 'AD'), true);
  assert.equal(truth('not (sel_a or sel_b)', 'D'), true);
  assert.equal(truth('not (sel_a or sel_b)', 'B'), false);
});

test('Sigma spec §Condition: 1 of / any of / all of with wildcards', () => {
  assert.equal(truth('1 of sel_*', 'B'), true);
  assert.equal(truth('any of sel_*', 'A'), true);
  assert.equal(truth('all of sel_*', 'A'), false);
  assert.equal(truth('all of sel_*', 'AB'), true);
  assert.equal(truth('1 of sel_* and not other', 'AD'), false);
  assert.equal(truth('2 of sel_*', 'A'), false);
  assert.equal(truth('2 of sel_*', 'AB'), true);
});

test('Sigma spec §Condition: them excludes identifiers starting with an underscore', () => {
  assert.deepEqual(selectIdentifiers('them', true, ['a', '_b', 'c']), ['a', 'c']);
  assert.equal(truth('1 of them', 'C'), false); // only _helper is true
  assert.equal(truth('all of them', 'ABD'), true); // _helper not required
  assert.equal(truth('1 of _*', 'C'), true); // but explicit patterns may select it
});

test('Sigma spec §Condition: a list of conditions is an OR', () => {
  const rule = ruleFrom(`${DET}\ncondition:\n  - sel_a\n  - sel_b`);
  assert.equal(matches(rule, { B: 'x' }), true);
  assert.equal(matches(rule, { D: 'x' }), false);
});

test('Sigma spec §Condition: keywords are case-insensitive, identifiers are not', () => {
  assert.equal(truth('sel_a AND NOT sel_b', 'A'), true);
  assert.match(rejectionOf(`${DET}\ncondition: SEL_A`) ?? '', /unknown search identifier 'SEL_A'/);
});

test('Sigma spec §Condition: invalid conditions are rejected with a reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['sel_a and', /identifier was expected/],
    ['(sel_a', /missing '\)'/],
    ['sel_a )', /after a complete condition/],
    ['sel_a sel_b', /after a complete condition/],
    ['1 of nothing_*', /matches no search identifier/],
    ['sel_a | count() > 5', /correlation rule/],
    ['and', /unexpected keyword/],
    ['0 of them', /never be meaningful/],
  ];
  for (const [cond, re] of cases)
    assert.match(rejectionOf(`${DET}\ncondition: '${cond}'`) ?? 'loaded', re, cond);
});

test('condition parser fuzz: arbitrary text never throws and never hangs', () => {
  const token = fc.constantFrom(
    'and',
    'or',
    'not',
    '(',
    ')',
    '1',
    'all',
    'of',
    'them',
    'sel_*',
    'x',
    '|',
    'any',
    '  ',
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.array(token, { maxLength: 60 }).map((t) => t.join(' ')),
      ),
      (text) => {
        const r = parseCondition(text);
        assert.ok(typeof r === 'string' || typeof r === 'object');
      },
    ),
    { numRuns: 3000 },
  );
});

test('condition parser: deep nesting is bounded, not a stack overflow', () => {
  assert.match(String(parseCondition(`${'('.repeat(1000)}a${')'.repeat(1000)}`)), /deeper than/);
  assert.match(String(parseCondition(`${'not '.repeat(1000)}a`)), /deeper than/);
});

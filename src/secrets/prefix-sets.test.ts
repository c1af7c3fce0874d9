/**
 * prefixSets (src/secrets/anchors.ts): the bytes every match must start with, which spare RE2
 * the anchored attempts that cannot match. A necessary condition: checked against RE2's own
 * matches on random patterns and texts, and on every built-in rule's fixtures.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { prefixHolds as holds, prefixSets } from './anchors.ts';
import { loadBuiltinSecrets } from './load.ts';
import { regexFor } from './regex.ts';
import { readFixture } from './testing/fixtures.ts';

/** The bytes each row allows, as a string of those in `sample`. */
function rows(source: string, sample = 'aAbBcCpP.-_09 \n\u00e9'): string[] | undefined {
  const table = prefixSets(source);
  if (!table) return undefined;
  const bytes = Buffer.from(sample, 'latin1');
  return Array.from({ length: table.length / 256 }, (_, k) =>
    [...bytes]
      .filter((b) => table[k * 256 + b] === 1)
      .map((b) => String.fromCharCode(b))
      .join(''),
  );
}

test('prefixSets: literals, classes, counted repeats; what comes after an unknown length is not known', () => {
  const airtable = rows('\\b(pat[A-Za-z0-9]{14}\\.[a-f0-9]{64})\\b');
  assert.equal(airtable?.length, 24);
  assert.deepEqual(airtable?.slice(0, 4), ['p', 'a', '', 'aAbBcCpP09']);
  assert.equal(airtable?.[17], '.');
  assert.equal(airtable?.[18], 'abc09');
  assert.deepEqual(rows('(?i)pa'), ['pP', 'aA']);
  assert.deepEqual(rows('(?i:b)c'), ['bB', 'cC'], '(?i anywhere folds every letter: a superset');
  // `.` and negated classes may be a multi-byte character: nothing after them.
  assert.deepEqual(rows('a.b'), ['a', 'aAbBcCpP.-_09 \u00e9']);
  assert.deepEqual(rows('(?s)a.b'), ['a', 'aAbBcCpP.-_09 \n\u00e9']);
  assert.deepEqual(rows('a[^b\\s]c'), ['a', 'aABcCpP.-_09\u00e9']);
  // Alternatives: the union per position, as far as the shortest; after uneven ones, nothing.
  assert.deepEqual(rows('(?:ab|c)d'), ['ac']);
  assert.deepEqual(rows('(?:ab|cb)d'), ['ac', 'b', '']);
  assert.deepEqual(rows('a{2,3}b'), ['a', 'a']);
  assert.deepEqual(rows('\\d+b'), ['09']);
  assert.deepEqual(rows('a?b'), undefined);
  assert.deepEqual(rows('\\bab*c'), ['a']);
  assert.deepEqual(rows('[\\w.\\-]{2}'), ['aAbBcCpP.-_09', 'aAbBcCpP.-_09']);
  // Not understood: nothing rather than a wrong set.
  for (const source of [
    '[a-\\]]x',
    '[[:alpha:]]x',
    '\\x41b',
    '^ab',
    '\\Qab\\E',
    '(?x)a b',
    '[\u00e9]a',
    '(?=a)',
  ])
    assert.equal(rows(source), undefined, source);
});

test('prefixSets on random patterns: every RE2 match fits the table (a necessary condition)', () => {
  const atom = fc.constantFrom(
    'a',
    'b',
    'B',
    '_',
    '\\.',
    '\\-',
    '\\+',
    ' ',
    '.',
    '\\d',
    '\\w',
    '\\s',
    '\\S',
    '[ab]',
    '[a-c]',
    '[^a]',
    '[^\\s]',
    '[\\w.\\-]',
    '[0-9A-F]',
    '\\b',
  );
  const quant = fc.constantFrom('', '', '', '?', '*', '+', '{2}', '{1,3}', '{0,2}', '{2,}', '+?');
  const seq: fc.Arbitrary<string> = fc.letrec((tie) => ({
    item: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: fc.tuple(atom, quant).map(([a, q]) => (a === '\\b' ? a : a + q)), weight: 5 },
      {
        arbitrary: fc
          .tuple(
            fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }),
            fc.constantFrom('(?:', '(', '(?i:'),
            quant,
          )
          .map(([alts, open, q]) => `${open}${alts.join('|')})${q}`),
        weight: 1,
      },
    ),
    seq: fc
      .array(tie('item') as fc.Arbitrary<string>, { minLength: 1, maxLength: 5 })
      .map((xs) => xs.join('')),
  })).seq as fc.Arbitrary<string>;
  const text = fc.string({
    unit: fc.constantFrom('a', 'b', 'B', 'c', '_', '.', '-', '+', ' ', '\n', '0', '7', 'F', '\u00e9', 'A'),
    maxLength: 40,
  });
  let checked = 0;
  fc.assert(
    fc.property(
      fc.constantFrom('', '(?i)', '(?s)'),
      seq,
      fc.array(text, { minLength: 2, maxLength: 8 }),
      (flags, body, texts) => {
        const source = flags + body;
        const table = prefixSets(source);
        if (!table) return;
        const re = regexFor(source);
        for (const t of texts) {
          const bytes = Buffer.from(t, 'utf8');
          for (const m of re.matchAll(bytes)) {
            checked++;
            assert.ok(holds(bytes, m.start, table), `${source}: match at ${m.start} of ${JSON.stringify(t)}`);
          }
        }
      },
    ),
    { numRuns: 3000 },
  );
  assert.ok(checked > 1500, `only ${checked} matches checked`);
});

test('prefixSets of every built-in rule admits its true-positive fixtures', () => {
  const dir = path.resolve(import.meta.dirname, '../../rules/secrets');
  const config = loadBuiltinSecrets(dir);
  let checked = 0;
  for (const rule of config.rules) {
    if (rule.regex === undefined) continue;
    const table = prefixSets(rule.regex);
    if (!table) continue;
    const re = regexFor(rule.regex);
    for (const t of readFixture(path.join(dir, 'fixtures', `${rule.id}.yaml`)).truePositives) {
      const bytes = Buffer.from(t.text, 'utf8');
      for (const m of re.matchAll(bytes)) {
        checked++;
        assert.ok(holds(bytes, m.start, table), `${rule.id}: ${t.text}`);
      }
    }
  }
  assert.ok(checked > 200, `only ${checked} fixture matches checked`);
});

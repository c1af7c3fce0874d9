import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { KeywordMatcher } from './aho-corasick.ts';

const names = (m: KeywordMatcher, text: string): string[] =>
  m
    .find(text)
    .map((id) => m.keywords[id] as string)
    .sort();

test('finds every keyword once, case-insensitively, including overlapping ones', () => {
  const m = new KeywordMatcher(['AKIA', 'ghp_', 'he', 'she', 'hers', 'his']);
  assert.deepEqual(names(m, 'ushers'), ['he', 'hers', 'she']);
  assert.deepEqual(names(m, 'key=akia... and AKIA again, GHP_x'), ['akia', 'ghp_']);
  assert.deepEqual(names(m, 'no match: H and E apart, s h e'), []);
});

test('no keywords: finds nothing', () => {
  assert.deepEqual(new KeywordMatcher([]).find('anything'), []);
});

test('non-ASCII keywords and text', () => {
  const m = new KeywordMatcher(['clé', 'пароль']);
  assert.deepEqual(names(m, 'la CLÉ est ... ПАРОЛЬ=1'), ['clé', 'пароль']);
});

test('agrees with a naive includes() check on random input', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', '_'), minLength: 1, maxLength: 4 }),
        {
          maxLength: 8,
        },
      ),
      fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', 'C', '_', ' '), maxLength: 60 }),
      (keywords, text) => {
        const m = new KeywordMatcher(keywords);
        const expected = m.keywords.filter((k) => text.toLowerCase().includes(k)).sort();
        assert.deepEqual(names(m, text), expected);
      },
    ),
    { numRuns: 500 },
  );
});

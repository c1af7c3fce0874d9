import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileRegex } from './regex.ts';
import { regexBigrams, regexMinLength } from './regex-shape.ts';

test('regexBigrams: adjacent single-character items that occur at least once', () => {
  assert.deepEqual(regexBigrams(String.raw`\\[a-zA-Z0-9]{1,32}\.[a-zA-Z0-9]{1,6}\.[ "']{1}`), [
    '. ',
    '."',
    ".'",
  ]);
  assert.deepEqual(regexBigrams(String.raw`ab`), ['ab']);
  // Optional items, groups, anchors and zero-width escapes separate their neighbours.
  assert.equal(regexBigrams(String.raw`a?b`), undefined);
  assert.equal(regexBigrams(String.raw`a(x)b`), undefined);
  assert.equal(regexBigrams(String.raw`a\bb`), undefined);
  assert.equal(regexBigrams(String.raw`a{0,2}b`), undefined);
  assert.equal(regexBigrams(String.raw`a{x}b`), undefined, 'a literal brace is not a quantifier');
  // Top-level alternation, multi-character escapes: nothing certain.
  assert.equal(regexBigrams(String.raw`ab|cd`), undefined);
  assert.equal(regexBigrams(String.raw`\x41b`), undefined);
  // Large or negated classes are not expanded.
  assert.equal(regexBigrams(String.raw`\s[a-fA-F0-9]{64}`), undefined);
  assert.equal(regexBigrams(String.raw`[^a]b`), undefined);
  assert.deepEqual(regexBigrams(String.raw`X+?\d`)?.length, 10);
});

test('regexMinLength: sum of the top-level items minimum counts', () => {
  assert.equal(regexMinLength(String.raw`\s[a-fA-F0-9]{64}\s[a-fA-F0-9]{16}`), 82);
  assert.equal(regexMinLength(String.raw`^ab+c?(xyz)*$`), 2);
  assert.equal(regexMinLength(String.raw`abc|d`), 0);
  assert.equal(regexMinLength(String.raw`a\x41`), 0);
});

// Property: the conditions are necessary — whenever RE2 finds a match, the value is at least the
// minimum length and (lowercased) contains one of the bigrams.
test('regex shape: every RE2 match satisfies the extracted conditions', () => {
  const atom = fc.constantFrom(
    'a',
    'B',
    '.',
    '\\.',
    '\\d',
    '\\s',
    '\\w',
    '[a-c]',
    '[ "\']',
    '[^x]',
    '(ab)',
    '\\b',
    '{',
    '}',
    '-',
    'é',
  );
  const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '+?', '{0,2}');
  const regexArb = fc
    .array(fc.tuple(atom, quant), { minLength: 1, maxLength: 6 })
    .map((xs) => xs.map(([a, q]) => a + q).join(''));
  const textArb = fc
    .array(fc.constantFrom('a', 'A', 'b', 'B', 'c', '.', ' ', '"', '1', '9', 'x', '_', '{', '}', '-', 'é'), {
      maxLength: 16,
    })
    .map((cs) => cs.join(''));
  fc.assert(
    fc.property(regexArb, fc.array(textArb, { minLength: 1, maxLength: 8 }), (source, texts) => {
      const re = compileRegex(source, { i: false, m: false, s: false });
      if (typeof re === 'string') return;
      const min = regexMinLength(source);
      const bigrams = regexBigrams(source);
      for (const t of texts) {
        if (!re.test(t)) continue;
        assert.ok([...t].length >= min, `${source} matched ${JSON.stringify(t)} shorter than ${min}`);
        if (bigrams)
          assert.ok(
            bigrams.some((b) => t.toLowerCase().includes(b)),
            `${source} matched ${JSON.stringify(t)} without ${bigrams}`,
          );
      }
    }),
    { numRuns: 3000 },
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileRegex, mayMatch } from './regex.ts';
import { hasRun, type RegexRun, regexBigrams, regexMinLength, regexRun } from './regex-shape.ts';

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
  // (?i) RE2 matches `s` with U+017F, which lowercases to itself: no bigram with an `s`.
  assert.equal(regexBigrams('xs'), undefined);
  assert.equal(regexBigrams('x[as]'), undefined);
  assert.deepEqual(regexBigrams('xk'), ['xk']);
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
    's',
    'k',
    '[sk]',
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
    .array(
      fc.constantFrom(
        'a',
        'A',
        'b',
        'B',
        'c',
        '.',
        ' ',
        '"',
        '1',
        '9',
        'x',
        '_',
        '{',
        '}',
        '-',
        'é',
        's',
        '\u017f',
        'k',
        '\u212a',
      ),
      {
        maxLength: 16,
      },
    )
    .map((cs) => cs.join(''));
  fc.assert(
    fc.property(
      regexArb,
      fc.array(textArb, { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      (source, texts, i) => {
        const re = compileRegex(source, { i, m: false, s: false });
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
      },
    ),
    { numRuns: 3000 },
  );
});

test('regexRun: the longest required run of one class', () => {
  const run = regexRun(String.raw`\s[a-fA-F0-9]{64}\s[a-fA-F0-9]{16}`);
  assert.equal(run?.min, 64);
  assert.equal(hasRun(`x ${'ab12'.repeat(16)} y`, run as RegexRun), true);
  assert.equal(hasRun(`x ${'ab12'.repeat(15)}z${'ab12'.repeat(2)}`, run as RegexRun), false);
  assert.equal(regexRun('a{8}|b'), undefined);
  assert.equal(regexRun('[a-z]{7}'), undefined, 'short runs are not worth a pass');
});

// Property: mayMatch (minimum length and required run) never rejects a value RE2 matches,
// case-sensitive or not, with characters that case-fold onto ASCII (K, ſ).
test('mayMatch: never rejects a value RE2 matches', () => {
  const atom = fc.constantFrom('x', '[a-cA-C]{8}', '\\d{8,}', '[ab]{9}', '\\.', 's', '[sk]{8,10}', '\\w{8}');
  const regexArb = fc.array(atom, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
  const textArb = fc
    .array(
      fc.constantFrom('aaaa', 'bcab', 'CAB', '1234', '5678', 'x', '.', 'ss', 'kk', '\u017f', '\u212a', '_'),
      {
        maxLength: 12,
      },
    )
    .map((cs) => cs.join(''));
  let matched = 0;
  fc.assert(
    fc.property(
      regexArb,
      fc.array(textArb, { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      (source, texts, i) => {
        const re = compileRegex(source, { i, m: false, s: false });
        if (typeof re === 'string') return;
        for (const t of texts) {
          if (!re.test(t)) continue;
          matched++;
          assert.ok(mayMatch(re, t), `${source} (i=${i}) matched ${JSON.stringify(t)} but mayMatch said no`);
        }
      },
    ),
    { numRuns: 3000 },
  );
  assert.ok(matched > 200, `the texts must match sometimes (${matched})`);
});

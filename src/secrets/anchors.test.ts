/**
 * Anchored patterns (src/secrets/anchors.ts, SecretRegex.matchAt): the literal recognizer, and
 * differential checks that running a pattern only at its literals' occurrences gives exactly the
 * findings of the whole-text search, over every fixture line, fixture lines inside code, texts
 * with many occurrences and texts holding the letters `(?i)` folds beyond ASCII.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { hasFoldHazard, literalAnchors } from './anchors.ts';
import { loadBuiltinSecrets } from './load.ts';
import { regexFor } from './regex.ts';
import { SecretScanner } from './scanner.ts';
import { readFixture } from './testing/fixtures.ts';

const DIR = path.resolve(import.meta.dirname, '../../rules/secrets');
const config = loadBuiltinSecrets(DIR);
const fixtureTexts = config.rules.flatMap((r) => {
  const c = readFixture(path.join(DIR, 'fixtures', `${r.id}.yaml`));
  return [...c.truePositives, ...c.falsePositives];
});

test('literalAnchors: the literals every match starts with, or undefined', () => {
  assert.deepEqual(literalAnchors('\\b((?:AKIA|ASIA)[A-Z2-7]{16})\\b'), ['akia', 'asia']);
  assert.deepEqual(literalAnchors('(?i:(?:password|passwd)[a-z]{0,5})=(\\w+)'), ['password', 'passwd']);
  assert.deepEqual(literalAnchors('\\b(re_[A-Za-z0-9]{8})'), ['re_']);
  assert.deepEqual(literalAnchors('xoxb\\-[0-9]+'), ['xoxb-']);
  // The quantified last character is not required: 'keys?' needs only 'key'.
  assert.deepEqual(literalAnchors('keys?=(\\w+)'), ['key']);
  for (const source of [
    '\\b([a-f0-9]{32}-us[0-9]{1,2})\\b', // starts with a class
    '(?:abc)?def', // optional first group
    'ab[0-9]+', // literal shorter than 3
    '(?s)secret.*', // flags group not understood
    '(?x)secret # comment',
    '\\Qsecret\\E',
    'secret|[a-z]+', // one alternative without a literal
    '^secret',
  ])
    assert.equal(literalAnchors(source), undefined, source);
  const anchored = config.rules.filter((r) => r.regex !== undefined && literalAnchors(r.regex));
  // The fast path must actually apply to most built-in rules (else this file tests nothing).
  assert.ok(anchored.length >= 200, `only ${anchored.length} built-in rules anchored`);
});

test('hasFoldHazard: U+212A and U+017F only', () => {
  assert.equal(hasFoldHazard(Buffer.from('plain ascii — and é, € and ✓')), false);
  assert.equal(hasFoldHazard(Buffer.from('api_\u212aey = 1')), true);
  assert.equal(hasFoldHazard(Buffer.from('\u017fecret = 1')), true);
});

test('matchAt at every occurrence equals matchAll, for every anchored built-in rule', () => {
  // Texts dense in each rule's own literals, back to back and overlapping the previous match.
  for (const rule of config.rules) {
    if (rule.regex === undefined) continue;
    const anchors = literalAnchors(rule.regex);
    if (!anchors) continue;
    const re = regexFor(rule.regex);
    const samples = fixtureTexts.filter((t) => anchors.some((a) => t.text.toLowerCase().includes(a)));
    const body = samples.map((t) => t.text).join(' ');
    const text = Buffer.from(
      `${anchors.join('')} ${body}${body.toUpperCase()}\n${body}${anchors[0]}`,
      'utf8',
    );
    const lower = text.toString('latin1').toLowerCase();
    const starts: number[] = [];
    for (const a of anchors)
      for (let p = lower.indexOf(a); p >= 0; p = lower.indexOf(a, p + 1)) starts.push(p);
    starts.sort((a, b) => a - b);
    assert.deepEqual(re.matchAt(text, starts), re.matchAll(text), rule.id);
  }
});

test('anchored scanner = whole-text scanner: every fixture line, alone and inside code', () => {
  const plain = new SecretScanner(config, { anchored: false });
  const anchored = new SecretScanner(config);
  let found = 0;
  const code = 'const path = await getToken(options.account); // pattern\n';
  const texts = [
    ...fixtureTexts,
    // Many rules per text, each literal many times (both sides of the attempts-vs-pass cut).
    ...fixtureTexts.map((t, i) => ({
      text: `${code.repeat(i % 40)}${t.text}\n${code.repeat(3)}`,
      path: t.path,
    })),
    ...[0, 1, 2, 3].map((k) => ({
      text: fixtureTexts
        .filter((_, i) => i % 4 === k)
        .map((t) => t.text)
        .join(`\n${code}`),
      path: 'mixed.txt',
    })),
  ];
  for (const t of texts) {
    const expected = plain.scan(t.text, { path: t.path });
    found += expected.length;
    assert.deepEqual(anchored.scan(t.text, { path: t.path }), expected, t.text);
  }
  assert.ok(found > 2 * config.rules.length, `only ${found} findings`);
});

test('anchored scanner falls back on texts where (?i) folds U+212A / U+017F', () => {
  const plain = new SecretScanner(config, { anchored: false });
  const anchored = new SecretScanner(config);
  let found = 0;
  for (const t of fixtureTexts) {
    for (const text of [t.text.replace(/s/g, '\u017f'), t.text.replace(/k/g, '\u212a')]) {
      if (text === t.text) continue;
      const expected = plain.scan(text, { path: t.path });
      found += expected.length;
      assert.deepEqual(anchored.scan(text, { path: t.path }), expected, text);
    }
  }
  // RE2 does match those letters case-insensitively: some findings survive the substitution.
  assert.ok(found > 0, 'no finding with U+212A / U+017F: the fallback is not exercised');
});

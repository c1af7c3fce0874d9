/**
 * Anchored patterns (src/secrets/anchors.ts, SecretRegex.matchAt): the literal recognizer, and
 * differential checks that running a pattern only at its literals' occurrences gives exactly the
 * findings of the whole-text search, over every fixture line, fixture lines inside code, texts
 * with many occurrences and texts holding the letters `(?i)` folds beyond ASCII.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { literalAnchors, offsetAnchors } from './anchors.ts';
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
  // Optional characters, small classes and groups of literals expand (both ways, each case).
  assert.deepEqual(literalAnchors('keys?=(\\w+)'), ['keys=', 'key=']);
  assert.deepEqual(literalAnchors('(?i:op[_.\\-]?connect)x'), [
    'op_connectx',
    'op.connectx',
    'op-connectx',
    'opconnectx',
  ]);
  assert.deepEqual(literalAnchors('(?:abc)?def'), ['abcdef', 'def']);
  assert.deepEqual(literalAnchors('\\b(?:fb|meta)[_.]secret'), [
    'fb_secret',
    'fb.secret',
    'meta_secret',
    'meta.secret',
  ]);
  // A repeated item ends the literal part; its first occurrence is still required.
  assert.deepEqual(literalAnchors('abc[xy]+z'), ['abcx', 'abcy']);
  assert.deepEqual(literalAnchors('abc[xy]*z'), ['abc']);
  // An alternative that cannot be followed further does not stop the others.
  assert.deepEqual(literalAnchors('(?i:\\b(?:https?|jdbc:[a-z]+)://)[^@]+@'), [
    'jdbc:',
    'https://',
    'http://',
  ]);
  assert.deepEqual(literalAnchors('(?:ab[xy]+|cd)ef'), ['cdef', 'abx', 'aby']);
  // An anchor that starts with another one adds nothing.
  assert.deepEqual(literalAnchors('secret|secret_key|Secretive'), ['secret']);
  // Past 32 variants the prefixes known so far are kept; so they are at an item not understood
  // (an unescaped `-` in a class).
  assert.deepEqual(literalAnchors('abc[_.\\-][_.\\-][_.\\-][_.\\-]x')?.length, 27);
  assert.deepEqual(literalAnchors('abc[_.-]?x'), ['abc']);
  for (const source of [
    '\\b([a-f0-9]{32}-us[0-9]{1,2})\\b', // starts with a class
    'ab[^c]def', // negated class
    'ab[c-f]def', // range
    'ab[cdefghi]x', // class too large to expand
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

test('literalAnchors on random patterns: every RE2 match starts with an anchor, matchAt = matchAll', () => {
  // Patterns built from the pieces the recognizer expands (literals, small classes, groups, `?`,
  // `\\b`) and pieces that end the literal part (repeats, ranges, `\\w`), each with a sample
  // it matches, so the texts (samples among noise) hold matches.
  type Piece = readonly [pattern: string, sample: string];
  const join = (pieces: readonly Piece[], sep = ''): Piece => [
    pieces.map((p) => p[0]).join(sep),
    pieces.map((p) => p[1]).join(''),
  ];
  const piece = fc.letrec((tie) => ({
    atom: fc.oneof(
      fc.constantFrom<Piece>(['a', 'a'], ['b', 'b'], ['C', 'C'], ['_', '_'], ['\\-', '-'], ['\\.', '.']),
      fc.constantFrom<Piece>(['[ab]', 'a'], ['[ab]', 'b'], ['[_.\\-]', '.'], ['[_.\\-]', '-'], ['[Bc]', 'c']),
      tie('group') as fc.Arbitrary<Piece>,
    ),
    group: fc
      .tuple(fc.array(tie('seq') as fc.Arbitrary<Piece>, { minLength: 1, maxLength: 3 }), fc.nat(), fc.nat(2))
      .map(([alts, pick, kind]): Piece => {
        const body = alts.map((x) => x[0]).join('|');
        const sample = (alts[pick % alts.length] as Piece)[1];
        if (kind === 0) return [`(?:${body})`, sample];
        if (kind === 1) return [`(${body})`, sample];
        return [`(?i:${body})`, sample.toUpperCase()];
      }),
    item: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: tie('atom') as fc.Arbitrary<Piece>, weight: 6 },
      {
        arbitrary: fc.constantFrom<Piece>(
          ['\\b', ''],
          ['[a-c]+', 'cab'],
          ['\\w*', 'b_'],
          ['b{2}', 'bb'],
          ['.', ' '],
        ),
        weight: 1,
      },
      {
        arbitrary: fc
          .tuple(tie('atom') as fc.Arbitrary<Piece>, fc.constantFrom('?', '??', '+'), fc.boolean())
          .map(([[p, sample], q, skip]): Piece => [`${p}${q}`, q === '+' ? sample : skip ? '' : sample]),
        weight: 2,
      },
    ),
    seq: fc
      .array(tie('item') as fc.Arbitrary<Piece>, { minLength: 2, maxLength: 6 })
      .map((items) => join(items)),
  })).seq as fc.Arbitrary<Piece>;
  const pattern = fc
    .tuple(fc.constantFrom('', '(?i)'), fc.array(piece, { minLength: 1, maxLength: 3 }))
    .map(([flags, alts]) => {
      const [p] = join(alts, '|');
      return { source: flags + p, samples: alts.map((x) => x[1]) };
    });
  const noise = fc.constantFrom('', 'a', 'ab', 'Bc', '_', '-', '.', ' ', 'x');
  let anchoredPatterns = 0;
  let matches = 0;
  fc.assert(
    fc.property(
      pattern,
      fc.array(fc.tuple(noise, fc.nat()), { maxLength: 8 }),
      ({ source, samples }, parts) => {
        const anchors = literalAnchors(source);
        if (!anchors) return;
        anchoredPatterns++;
        const t = parts.map(([n, k]) => n + (samples[k % samples.length] as string)).join('');
        const re = regexFor(source);
        const bytes = Buffer.from(t, 'latin1');
        const lower = t.toLowerCase();
        const all = re.matchAll(bytes);
        matches += all.length;
        for (const m of all)
          assert.ok(
            anchors.some((a) => lower.startsWith(a, m.start)),
            `${source}: match at ${m.start} of ${JSON.stringify(t)} starts with none of ${anchors}`,
          );
        const starts: number[] = [];
        for (const a of anchors)
          for (let p = lower.indexOf(a); p >= 0; p = lower.indexOf(a, p + 1)) starts.push(p);
        starts.sort((x, y) => x - y);
        assert.deepEqual(re.matchAt(bytes, starts), all, source);
      },
    ),
    { numRuns: 3000 },
  );
  assert.ok(
    anchoredPatterns > 150 && matches > 500,
    `${anchoredPatterns} patterns anchored, ${matches} matches`,
  );
});

test('offsetAnchors: literals at a fixed byte distance into every match, or undefined', () => {
  assert.deepEqual(offsetAnchors('\\b([a-f0-9]{32}-us[0-9]{1,2})\\b'), { literals: ['-us'], offset: 32 });
  assert.deepEqual(offsetAnchors('(?:\\d{4}[A-Z]{2})(?:KEY|TOK)_'), {
    literals: ['key_', 'tok_'],
    offset: 6,
  });
  for (const source of [
    '(?i)[a-f]{8}-us', // (?i): `k`/`s` of a class may match K / ſ, several bytes
    '[a-f]{8}(?i:-us)',
    '[^a-f]{8}-us', // a negated class matches multi-byte characters
    '[a-f]{8,9}-us', // width not fixed
    '(?:[a-f]{8}|x)-us', // two alternatives
    '[a-f]{8}-us|foo',
    '(?:[a-f]{8}-us){2}', // a quantified group
    '[a-f]{8}[0-9]+', // no literal after the fixed part
    'abc-us', // no fixed part (literalAnchors' case)
  ])
    assert.equal(offsetAnchors(source), undefined, source);
  const rules = config.rules.filter(
    (r) => r.regex !== undefined && !literalAnchors(r.regex) && offsetAnchors(r.regex),
  );
  assert.deepEqual(
    rules.map((r) => r.id),
    ['azure-devops-pat', 'mailchimp-api-key'],
  );
});

test('matchAt at every occurrence equals matchAll, for every anchored built-in rule', () => {
  // Texts dense in each rule's own literals, back to back and overlapping the previous match.
  for (const rule of config.rules) {
    if (rule.regex === undefined) continue;
    const literals = literalAnchors(rule.regex);
    const { literals: anchors, offset } = literals
      ? { literals, offset: 0 }
      : (offsetAnchors(rule.regex) ?? {});
    if (!anchors || offset === undefined) continue;
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
      for (let p = lower.indexOf(a); p >= 0; p = lower.indexOf(a, p + 1))
        if (p >= offset) starts.push(p - offset);
    starts.sort((a, b) => a - b);
    const all = re.matchAll(text);
    assert.deepEqual(re.matchAt(text, starts), all, rule.id);
    if (offset > 0) assert.ok(all.length > 0, `${rule.id}: no match to compare`);
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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seeded as rng } from '../../test/support/random.ts';
import { evaluate } from './evaluate.ts';
import { EventView } from './event-view.ts';
import { loadRules } from './load.ts';
import type { SigmaRule } from './rule.ts';
import { RuleIndex } from './rule-index.ts';

// Non-ASCII words take the probe's lowercase fallback (final sigma, dotted capital I): the memo
// must remember both passes' payloads.
const WORDS = ['alpha', 'Beta', 'gamma-ray', 'x/y', 'ÉCOLE', 'ΟΔΟΣ', 'İstanbul', 'delta', 'omega99'];
const RULES = `title: exact
logsource: {product: p}
detection:
  sel: {A: 'alpha beta'}
  condition: sel
---
title: contains two fields
logsource: {product: p}
detection:
  sel:
    A|contains: 'gamma'
    B|endswith: 'delta'
  condition: sel
---
title: keyword
logsource: {product: p}
detection:
  k: ['omega99']
  condition: k
---
title: non-ascii
logsource: {product: p}
detection:
  sel: {B|contains: ['école', 'οδος', 'i̇stanbul']}
  condition: sel
---
title: keyword or field
logsource: {product: p}
detection:
  k: ['x/y']
  sel: {C|startswith: 'beta'}
  condition: k or sel
`;

test('value memo: candidates with the memo equal candidates without it, over repeating and unique values', () => {
  const loaded = loadRules([{ file: 'r.yml', text: RULES }]);
  assert.equal(loaded.rejected.length, 0);
  const withMemo = new RuleIndex(loaded.rules, undefined);
  const without = new RuleIndex(loaded.rules, undefined, { memo: false });
  const r = rng(7);
  const phrase = (n: number): string =>
    Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  // A small pool (values repeat: memo hits) and, in the middle third, unique values (the memo
  // samples a low hit rate and turns itself off, then back on).
  const pool = Array.from({ length: 40 }, () => phrase(1 + Math.floor(r() * 3)));
  let nonEmpty = 0;
  for (let i = 0; i < 60_000; i++) {
    const unique = i > 20_000 && i < 40_000;
    const value = (): string =>
      unique ? `${phrase(2)} ${i}` : (pool[Math.floor(r() * pool.length)] as string);
    const event = { A: value(), B: value(), C: value(), D: value(), N: i };
    const got = [...withMemo.candidates(new EventView(event))];
    const want = [...without.candidates(new EventView(event))];
    assert.deepEqual(got, want, `event ${i}: ${JSON.stringify(event)}`);
    if (want.length > 0) nonEmpty++;
  }
  assert.ok(nonEmpty > 10_000, `the corpus must exercise the rules (${nonEmpty} events with candidates)`);
});

test('literal-free regexes indexed by their two-character strings never lose a match', () => {
  const regexRules = [
    String.raw`\\[a-zA-Z0-9]{1,32}\.[a-zA-Z0-9]{1,6}\.[ "']{1}`,
    String.raw`\s[a-fA-F0-9]{4}\s[a-fA-F0-9]{2}`,
    String.raw`[/-]x\.[a-c]`,
  ]
    .map(
      (re, i) =>
        `title: re${i}\nlogsource: {product: p}\ndetection:\n  sel: {A|re: '${re.replaceAll("'", "''")}'}\n  condition: sel\n`,
    )
    .join('---\n');
  const loaded = loadRules([{ file: 'r.yml', text: regexRules }]);
  assert.equal(loaded.rejected.length, 0, JSON.stringify(loaded.rejected));
  const index = new RuleIndex(loaded.rules, undefined);
  const r = rng(11);
  // Fragments of matches and near-misses, so the regexes match some texts and almost match others.
  const alphabet = [
    '\\ab',
    '\\A9',
    '.x',
    '.f',
    '. ',
    '."',
    ".'",
    ' ',
    '\t',
    'ff0a',
    ' 9f',
    '/x',
    '-x',
    '.b',
    'é',
    'B',
  ];
  let matched = 0;
  for (let i = 0; i < 60_000; i++) {
    const A = Array.from(
      { length: 3 + Math.floor(r() * 14) },
      () => alphabet[Math.floor(r() * alphabet.length)],
    ).join('');
    const ev = new EventView({ A });
    const brute = loaded.rules.flatMap((rule, k) =>
      evaluate(rule.match, ev, { keywordFields: undefined }) ? [k] : [],
    );
    const indexed = index
      .candidates(ev)
      .filter((k) => evaluate((index.rules[k] as SigmaRule).match, ev, { keywordFields: undefined }));
    assert.deepEqual(indexed, brute, JSON.stringify(A));
    matched += brute.length;
  }
  assert.ok(matched > 100, `the texts must match the regexes sometimes (${matched})`);
  assert.equal(index.unindexed, 1, 'only the hex regex (classes too large to expand) is always evaluated');
});

test('case-insensitive regex literals: a long s (ſ) in the value still makes the rule a candidate', () => {
  const loaded = loadRules([
    {
      file: 'r.yml',
      text: "title: ps\nlogsource: {product: p}\ndetection:\n  sel: {A|re|i: 'powershell -enc'}\n  condition: sel\n",
    },
  ]);
  assert.equal(loaded.rejected.length, 0, JSON.stringify(loaded.rejected));
  const index = new RuleIndex(loaded.rules, undefined);
  const rule = loaded.rules[0] as SigmaRule;
  for (const A of ['POWERſHELL -ENC abc', 'powerShell -enc', 'powerſhell -enc x'.repeat(2)]) {
    const ev = new EventView({ A });
    assert.equal(evaluate(rule.match, ev, { keywordFields: undefined }), true, `RE2 matches ${A}`);
    assert.deepEqual(index.candidates(ev), [0], A);
  }
});

test('numbers: integers are skipped only where no pattern is made of digits, never losing a match', () => {
  const loaded = loadRules([
    {
      file: 'r.yml',
      text: `title: id
logsource: {product: p}
detection:
  sel: {EventID: 4688}
  condition: sel
---
title: port
logsource: {product: p}
detection:
  sel: {Port|contains: '44'}
  condition: sel
---
title: text only
logsource: {product: p}
detection:
  sel: {Name|contains: 'tool'}
  condition: sel
---
title: keyword
logsource: {product: p}
detection:
  k: ['e+21', 'infinity']
  condition: k
`,
    },
  ]);
  assert.equal(loaded.rejected.length, 0, JSON.stringify(loaded.rejected));
  const index = new RuleIndex(loaded.rules, undefined);
  const r = rng(3);
  const numbers = [4688, -4688, 443, 8443, 44.5, 1e21, 2e21, Number.POSITIVE_INFINITY, 0, 4688.0];
  const pick = (): number => numbers[Math.floor(r() * numbers.length)] as number;
  let matched = 0;
  for (let i = 0; i < 2_000; i++) {
    const ev = new EventView({
      EventID: pick(),
      Port: pick(),
      Name: r() < 0.5 ? 'tool' : pick(),
      Other: pick(),
    });
    const brute = loaded.rules.flatMap((rule, k) =>
      evaluate(rule.match, ev, { keywordFields: undefined }) ? [k] : [],
    );
    const indexed = [...index.candidates(ev)].filter((k) =>
      evaluate((index.rules[k] as SigmaRule).match, ev, { keywordFields: undefined }),
    );
    assert.deepEqual(indexed, brute, JSON.stringify(ev.event));
    matched += brute.length;
  }
  assert.ok(matched > 1_000, `${matched}`);
});

test('emoji (surrogate pairs) in a value still make an emoji rule a candidate', () => {
  // The probe falls back to the lowercased text at the first surrogate; that pass must read the
  // rest as it is (it used to fall back again and report nothing: SigmaHQ's emoji rules).
  const loaded = loadRules([
    {
      file: 'r.yml',
      text: "title: emoji\nlogsource: {product: p}\ndetection:\n  sel: {CommandLine|contains: ['🦆', '🍁']}\n  condition: sel\n",
    },
  ]);
  const index = new RuleIndex(loaded.rules, undefined);
  const rule = loaded.rules[0] as SigmaRule;
  for (const CommandLine of ['x 🍁 y', 'ΣΑΣ 🦆', '🐍🐍🍁', 'run 🍁 and 🍁 twice, then again: x 🍁 y']) {
    const ev = new EventView({ CommandLine });
    assert.equal(evaluate(rule.match, ev, { keywordFields: undefined }), true, CommandLine);
    assert.deepEqual([...index.candidates(ev)], [0], CommandLine);
  }
});

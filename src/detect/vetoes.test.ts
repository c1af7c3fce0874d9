import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seeded as rng } from '../../test/support/random.ts';
import { evaluate } from './evaluate.ts';
import { EventView } from './event-view.ts';
import { loadRules } from './load.ts';
import type { SigmaRule } from './rule.ts';
import { RuleIndex } from './rule-index.ts';
import { ruleFrom } from './test-support.ts';
import { vetoAtoms } from './vetoes.ts';

const texts = (detection: string): string[] =>
  vetoAtoms(ruleFrom(detection).match).map((a) => `${a.kind} ${a.field} ${a.text}`);

test('vetoes: filters read exactly by the index become veto atoms', () => {
  assert.deepEqual(
    texts(
      "sel: {A|contains: tool}\nfilter_a: {B: ['OK', fine]}\nfilter_b: {A|contains: '\\'}\ncondition: sel and not 1 of filter_*",
    ),
    ['eq B ok', 'eq B fine', 'sub A \\'],
  );
  // not (not x): x false disproves it, which the index cannot see.
  assert.deepEqual(texts('sel: {A: x}\ncondition: not (not sel)'), []);
  // Anchored items: the automaton reports them only where the value starts / ends with them.
  assert.deepEqual(
    texts(
      "f: {A|startswith: 'C:\\Program Files\\'}\ng: {B|endswith: ['.EXE', '.dll']}\ncondition: not f and not g",
    ),
    ['prefix A c:\\program files\\', 'suffix B .exe', 'suffix B .dll'],
  );
  // neq: a value equal to the item disproves it.
  assert.deepEqual(texts('sel: {A|neq: Tool}\ncondition: sel'), ['eq A tool']);
});

test('vetoes: tests the index does not read exactly give none', () => {
  for (const detection of [
    "f: {A: 'to*l'}\ncondition: not f", // wildcard
    'f: {A|cased: Tool}\ncondition: not f',
    "f: {A|windash|contains: '-x'}\ncondition: not f",
    'f: {A|contains|all: [p, q]}\ncondition: not f', // one item present proves nothing
    "f: {A|re: 'tool'}\ncondition: not f",
    'f: {A: tool}\ng: {B: x}\ncondition: not (f and g)', // both needed
    'f: {A: tool}\ng: {B: x}\ncondition: not all of them',
    'f: {A: tool}\ncondition: f', // no negation: nothing to disprove
    "k: ['tool']\ncondition: not k", // keywords: left to the evaluator
    "f: {A: ''}\ncondition: not f", // empty value
  ])
    assert.deepEqual(texts(detection), [], detection);
});

const RULES = [
  ['not only', "f: {A|contains: '\\'}\ncondition: not f"],
  [
    'selection and filters',
    'sel: {A|contains: tool}\nfilter_a: {B: [ok, fine]}\nfilter_b: {A|contains: safe}\ncondition: sel and not 1 of filter_*',
  ],
  ['fieldref and filter', 'sel: {A|fieldref: B}\nfilter: {C: skip}\ncondition: sel and not filter'],
  [
    'nested',
    'sel: {A|contains: x}\ninner: {B: y}\nouter: {C|contains: z}\ncondition: sel and not (outer and not inner)',
  ],
  ['double negation', 'sel: {A|contains: x}\ninner: {B: y}\ncondition: sel and not (not inner)'],
  ['neq', 'sel: {A|neq: tool}\nother: {B|contains: o}\ncondition: sel and other'],
  ['all filter', 'sel: {C|contains: z}\nf: {A|contains|all: [p, q]}\ncondition: sel and not f'],
  ['cased filter', 'sel: {C|contains: z}\nf: {A|cased: Tool}\ncondition: sel and not f'],
  ['windash filter', "sel: {C|contains: z}\nf: {A|windash|contains: '-x'}\ncondition: sel and not f"],
  ['suffix filter', 'sel: {C|contains: z}\nf: {A|endswith: safe}\ncondition: sel and not f'],
  ['prefix filter', "sel: {C|contains: z}\nf: {A|startswith: ['tool', 'ok\\']}\ncondition: sel and not f"],
  ['anchored only', "f: {A|startswith: 'x'}\ng: {B|endswith: ['ok', 'y']}\ncondition: not f and not g"],
  [
    '1 of or',
    "sel: {A|contains: '\\'}\nf1: {B: ok}\nf2: {C|contains: '-x'}\ncondition: not sel or not 1 of f*",
  ],
] as const;

const PIECES = [
  'tool',
  'TOOL',
  'safe',
  'ſafe',
  'SAFE',
  'x',
  'y',
  'z',
  '\\',
  'ok',
  'OK',
  'fine',
  'p',
  'q',
  'k',
];
const MORE = ['skip', 'İ', 'ΟΔΟΣ', '-x', '/x', ' ', 'Tool', 'o', 'K', 'ſ'];

test('vetoes never drop a match: indexed candidates that match = every rule that matches (property)', () => {
  const text = RULES.map(
    ([title, detection]) =>
      `title: ${title}\nlogsource: {product: p}\ndetection:\n${detection
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')}\n`,
  ).join('---\n');
  const loaded = loadRules([{ file: 'r.yml', text }]);
  assert.equal(loaded.rejected.length, 0, JSON.stringify(loaded.rejected));
  const withVetoes = new RuleIndex(loaded.rules, undefined);
  const without = new RuleIndex(loaded.rules, undefined, { vetoes: false });
  const unmemoised = new RuleIndex(loaded.rules, undefined, { memo: false });
  const r = rng(5);
  const words = [...PIECES, ...MORE];
  const word = (): string => words[Math.floor(r() * words.length)] as string;
  // Few distinct short values (so the memo remembers them) or a fresh combination.
  const value = (): unknown => {
    const pick = r();
    if (pick < 0.1) return undefined;
    if (pick < 0.15) return 42;
    if (pick < 0.25) return [word(), Array.from({ length: 2 }, word).join('')];
    const n = 1 + Math.floor(r() * 3);
    return Array.from({ length: n }, word).join(r() < 0.5 ? '' : ' ');
  };
  let matched = 0;
  let dropped = 0;
  for (let i = 0; i < 40_000; i++) {
    const event: Record<string, unknown> = {};
    for (const key of ['A', 'B', 'C']) {
      const v = value();
      if (v !== undefined) event[key] = v;
    }
    const ev = new EventView(event);
    const brute = loaded.rules.flatMap((rule, k) =>
      evaluate(rule.match, ev, { keywordFields: undefined }) ? [k] : [],
    );
    const evaluated = (index: RuleIndex): number[] =>
      [...index.candidates(ev)].filter((k) =>
        evaluate((index.rules[k] as SigmaRule).match, ev, { keywordFields: undefined }),
      );
    const message = JSON.stringify(event);
    assert.deepEqual(evaluated(withVetoes), brute, message);
    assert.deepEqual(evaluated(unmemoised), brute, message);
    dropped += without.candidates(ev).length - withVetoes.candidates(ev).length;
    matched += brute.length;
  }
  assert.ok(matched > 5_000, `the events must match the rules often (${matched})`);
  assert.ok(dropped > 2_000, `vetoes must remove candidates (${dropped})`);
});

test('vetoes: a long s (ſ) read as s never vetoes a rule whose filter toLowerCase does not match', () => {
  const rule = ruleFrom('sel: {A|contains: tool}\nfilter: {A|contains: safe}\ncondition: sel and not filter');
  const index = new RuleIndex([rule], undefined);
  // Twice each: the second time the value's payloads come from the memo.
  for (const A of ['tool ſafe ok', 'tool ſafe ok', 'TOOL ſAFE', 'TOOL ſAFE']) {
    const ev = new EventView({ A, B: 'tool safe' });
    assert.equal(evaluate(rule.match, ev, { keywordFields: undefined }), true, A);
    assert.deepEqual([...index.candidates(ev)], [0], A);
  }
  // Without ſ the filter holds and the rule is dropped before evaluation.
  assert.deepEqual([...index.candidates(new EventView({ A: 'tool safe ok' }))], []);
});

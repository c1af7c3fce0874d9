import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AhoCorasick, PROBE_FALLBACK } from './aho-corasick.ts';
import { valueClasses } from './value-class.ts';

/** `probe`'s payloads for a value, with the rule index's lowercase fallback. */
function probed(ac: AhoCorasick, text: string): number[] {
  const found = new Set<number>();
  if (ac.probe(text, (i) => found.add(i)) === PROBE_FALLBACK)
    ac.probe(text.toLowerCase(), (i) => found.add(i), true);
  return [...found].sort((a, b) => a - b);
}

/** Random pattern sets and values; `probe` with class automata equals without, and brute force. */
function differential(unit: fc.Arbitrary<string>, maxPattern: number, maxText: number, runs: number): void {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.string({ unit, maxLength: maxPattern }), fc.boolean()), {
        minLength: 1,
        maxLength: 24,
      }),
      fc.string({ unit, maxLength: maxText }),
      // Class automata are only used when much smaller: pad the full automaton so they are.
      fc.integer({ min: 0, max: 40 }),
      (patterns, text, padding) => {
        const classed = new AhoCorasick();
        const plain = new AhoCorasick({ classes: false });
        const lowered = patterns.map(([p, exact]) => [p.toLowerCase(), exact] as const);
        for (let i = 0; i < padding; i++) lowered.push([`zq${i}xw${'y'.repeat(i % 7)}`, false]);
        lowered.forEach(([p, exact], i) => {
          // Empty patterns only as exact values (`Field: ''`); contained ones are never indexed.
          if (p === '' && !exact) return;
          classed.add(p, i, exact ? 'whole' : 'anywhere');
          plain.add(p, i, exact ? 'whole' : 'anywhere');
        });
        // The prefilter reads ſ as s (as case-insensitive regexes do; see `fold` in aho-corasick.ts).
        const lower = text.toLowerCase().replaceAll('\u017f', 's');
        const want = lowered.flatMap(([p, exact], i) =>
          (exact ? lower === p : p !== '' && lower.includes(p)) ? [i] : [],
        );
        assert.deepEqual(probed(plain, text), want);
        assert.deepEqual(probed(classed, text), want);
      },
    ),
    { numRuns: runs },
  );
}

test('class automata: probe equals the full automaton and brute force (digits, hex, punctuation, letters)', () => {
  differential(
    fc.constantFrom('0', '1', '9', 'a', 'A', 'f', 'g', 'G', '-', ':', ' ', '{', '\\'),
    6,
    40,
    4000,
  );
});

test('class automata with case-folding characters (ſ, K, σ/ς, İ, é) next to class characters', () => {
  const unit = fc.constantFrom(
    '1',
    'a',
    'A',
    's',
    'S',
    'k',
    '\u017f',
    '\u212a',
    'é',
    'É',
    'Σ',
    'ς',
    'İ',
    '-',
    '.',
  );
  differential(unit, 5, 24, 3000);
});

test('a value of digits skips an automaton without numeric patterns, and still meets exact ones', () => {
  const ac = new AhoCorasick();
  for (let i = 0; i < 50; i++) ac.add(`powershell-${'x'.repeat(i)}`, i);
  ac.add('4624', 50, 'whole');
  ac.add('', 51, 'whole');
  ac.add('c0ffee', 52);
  assert.deepEqual(probed(ac, '2025-11-24 16:03:05.000'), []);
  assert.deepEqual(probed(ac, '4624'), [50]);
  assert.deepEqual(probed(ac, '46245'), []);
  assert.deepEqual(probed(ac, ''), [51]);
  assert.deepEqual(probed(ac, '{C0FFEE-1}'), [52]);
  assert.deepEqual(probed(ac, 'PowerShell-x'), [0, 1]);
});

test('valueClasses: nested classes, upper-case hex, and no class for other characters', () => {
  assert.equal(valueClasses('2025-11-24 16:03:05.000'), 3);
  assert.equal(valueClasses('{DB3F75-6a1b}'), 2);
  assert.equal(valueClasses('10.0.0.1'), 3);
  assert.equal(valueClasses('WS-485'), 0);
  assert.equal(valueClasses('1\u212a'), 0);
  assert.equal(valueClasses(''), 3);
});

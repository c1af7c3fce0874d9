import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AhoCorasick, type Anchor, PROBE_EXACT, PROBE_FALLBACK, PROBE_LONG_S } from './aho-corasick.ts';

test('Aho–Corasick reports exactly the patterns that occur (against String.includes)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\\', 'é'), minLength: 1, maxLength: 5 }), {
        minLength: 1,
        maxLength: 20,
      }),
      fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', '\\', 'é'), maxLength: 40 }),
      (patterns, text) => {
        const ac = new AhoCorasick();
        patterns.forEach((p, i) => {
          ac.add(p, i);
        });
        const found = new Set<number>();
        ac.scan(text, (i) => found.add(i));
        const want = new Set(patterns.flatMap((p, i) => (text.includes(p) ? [i] : [])));
        assert.deepEqual([...found].sort(), [...want].sort());
      },
    ),
    { numRuns: 1500 },
  );
});

test('Aho–Corasick scanAscii equals scan of the lowercased text for ASCII input', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'x', '-'), minLength: 1, maxLength: 4 }), {
        minLength: 1,
        maxLength: 10,
      }),
      fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', 'x', '-', 'é'), maxLength: 30 }),
      (patterns, text) => {
        const ac = new AhoCorasick();
        patterns.forEach((p, i) => {
          ac.add(p, i);
        });
        const viaLower = new Set<number>();
        ac.scan(text.toLowerCase(), (i) => viaLower.add(i));
        const viaAscii = new Set<number>();
        const complete = ac.scanAscii(text, (i) => viaAscii.add(i));
        assert.equal(complete, !text.includes('é'));
        if (complete) assert.deepEqual([...viaAscii].sort(), [...viaLower].sort());
      },
    ),
    { numRuns: 1000 },
  );
});

test('Aho–Corasick probe: contained and whole-value patterns, case folded, equal to toLowerCase semantics', () => {
  const unit = fc.constantFrom('a', 'A', 'b', 'é', 'É', 'σ', 'Σ', 'ς', 'İ', 'i', 'K', '\u212a', '-');
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.string({ unit, minLength: 1, maxLength: 4 }), fc.boolean()), {
        minLength: 1,
        maxLength: 12,
      }),
      fc.string({ unit, maxLength: 20 }),
      (patterns, text) => {
        const ac = new AhoCorasick();
        const lowered = patterns.map(([p, exact]) => [p.toLowerCase(), exact] as const);
        lowered.forEach(([p, exact], i) => {
          ac.add(p, i, exact ? 'whole' : 'anywhere');
        });
        const found = new Set<number>();
        const lower = text.toLowerCase();
        // PROBE_FALLBACK sends the caller to the lowercased text (hits so far are kept).
        if (ac.probe(text, (i) => found.add(i)) === PROBE_FALLBACK)
          ac.probe(lower, (i) => found.add(i), true);
        const want = lowered.flatMap(([p, exact], i) =>
          (exact ? lower === p : lower.includes(p)) ? [i] : [],
        );
        assert.deepEqual(
          [...found].sort((a, b) => a - b),
          want,
        );
      },
    ),
    { numRuns: 1500 },
  );
});

test('Aho–Corasick probe: prefix and suffix patterns report exactly toLowerCase startsWith/endsWith', () => {
  // Digits and hex letters exercise the class automata, which carry anchored patterns too; emoji
  // are surrogate pairs, which the lowercase fallback must read as they are.
  const unit = fc.constantFrom(
    '🍁',
    '🦆',
    'a',
    'A',
    'b',
    'é',
    'É',
    'σ',
    'Σ',
    'ς',
    'İ',
    'i',
    'K',
    '\u212a',
    '-',
    '1',
    '0',
    'f',
    '\\',
  );
  const anchor = fc.constantFrom<Anchor>('anywhere', 'whole', 'prefix', 'suffix');
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.string({ unit, minLength: 1, maxLength: 4 }), anchor), {
        minLength: 1,
        maxLength: 12,
      }),
      fc.string({ unit, maxLength: 20 }),
      (patterns, text) => {
        const ac = new AhoCorasick();
        const lowered = patterns.map(([p, a]) => [p.toLowerCase(), a] as const);
        lowered.forEach(([p, a], i) => {
          ac.add(p, i, a);
        });
        const found = new Set<number>();
        const lower = text.toLowerCase();
        if (ac.probe(text, (i) => found.add(i)) === PROBE_FALLBACK)
          assert.notEqual(
            ac.probe(lower, (i) => found.add(i), true),
            PROBE_FALLBACK,
          );
        const holds = (p: string, a: Anchor): boolean =>
          a === 'whole'
            ? lower === p
            : a === 'prefix'
              ? lower.startsWith(p)
              : a === 'suffix'
                ? lower.endsWith(p)
                : lower.includes(p);
        const want = lowered.flatMap(([p, a], i) => (holds(p, a) ? [i] : []));
        assert.deepEqual(
          [...found].sort((a, b) => a - b),
          want,
        );
      },
    ),
    { numRuns: 2000 },
  );
});

test('Aho–Corasick probe: a long s reads as s and is reported (PROBE_LONG_S)', () => {
  const ac = new AhoCorasick();
  ac.add('safe', 0, 'prefix');
  ac.add('safe', 1, 'suffix');
  ac.add('safe', 2);
  const found: number[] = [];
  assert.equal(
    ac.probe('ſAFE', (i) => found.push(i)),
    PROBE_LONG_S,
  );
  assert.deepEqual(found.sort(), [0, 1, 2]);
  assert.equal(
    ac.probe('SAFE', () => {}),
    PROBE_EXACT,
  );
});

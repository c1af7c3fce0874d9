import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AhoCorasick } from './aho-corasick.ts';

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

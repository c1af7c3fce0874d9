import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Occurrences } from './occurrences.ts';

test('Occurrences: each keyword’s ends in text order, text after text (scratch arrays reused and grown), given as pairs or pushed', () => {
  const occ = new Occurrences(8);
  const pushed = new Occurrences(8);
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.nat(7), { maxLength: 3000 }), { minLength: 1, maxLength: 4 }),
      (texts) => {
        for (const ids of texts) {
          // (id, end) pairs in text order: ends ascending.
          const hits = ids.flatMap((id, i) => [id, i * 3]);
          occ.load(hits);
          for (let k = 0; k < hits.length; k += 2) pushed.push(hits[k] as number, hits[k + 1] as number);
          pushed.load();
          for (let id = 0; id < 8; id++) {
            const expected = hits.filter((_, k) => k % 2 === 1 && hits[k - 1] === id);
            assert.deepEqual([...occ.endsOf(id)], expected);
            assert.equal(occ.count(id), expected.length);
            assert.deepEqual([...pushed.endsOf(id)], expected);
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

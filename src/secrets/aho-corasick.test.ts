import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FOLD_HAZARD, FOLD_OTHER, KeywordMatcher } from './aho-corasick.ts';
import { asciiFolded } from './ascii-fold.ts';

const names = (m: KeywordMatcher, text: string): string[] =>
  m
    .find(text)
    .map((id) => m.keywords[id] as string)
    .sort();

test('finds every keyword once, case-insensitively, including overlapping ones', () => {
  const m = new KeywordMatcher(['AKIA', 'ghp_', 'he', 'she', 'hers', 'his']);
  assert.deepEqual(names(m, 'ushers'), ['he', 'hers', 'she']);
  assert.deepEqual(names(m, 'key=akia... and AKIA again, GHP_x'), ['akia', 'ghp_']);
  assert.deepEqual(names(m, 'no match: H and E apart, s h e'), []);
});

test('no keywords: finds nothing', () => {
  assert.deepEqual(new KeywordMatcher([]).find('anything'), []);
});

test('non-ASCII keywords and text', () => {
  const m = new KeywordMatcher(['clé', 'пароль']);
  assert.deepEqual(names(m, 'la CLÉ est ... ПАРОЛЬ=1'), ['clé', 'пароль']);
});

test('agrees with a naive includes() check on random input', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', '_'), minLength: 1, maxLength: 4 }),
        {
          maxLength: 8,
        },
      ),
      fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', 'C', '_', ' '), maxLength: 60 }),
      (keywords, text) => {
        const m = new KeywordMatcher(keywords);
        const expected = m.keywords.filter((k) => text.toLowerCase().includes(k)).sort();
        assert.deepEqual(names(m, text), expected);
      },
    ),
    { numRuns: 500 },
  );
});

test('runs of alphabet bytes: every maximal run of at least minRun bytes, in order (naive scan agrees)', () => {
  const alphabet = new Uint8Array(128);
  for (const c of 'ab0_') alphabet[c.charCodeAt(0)] = 1;
  const naive = (bytes: Uint8Array, minRun: number): number[] => {
    const out: number[] = [];
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      const inRun = i < bytes.length && (bytes[i] as number) < 128 && alphabet[bytes[i] as number] === 1;
      if (inRun) continue;
      if (i - start >= minRun) out.push(start, i);
      start = i + 1;
    }
    return out;
  };
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('a', 'b', '0', '_', ' ', '=', 'é', 'K'), maxLength: 80 }),
      fc.integer({ min: 0, max: 6 }),
      (text, minRun) => {
        const bytes = Buffer.from(text, 'utf8');
        const runs: number[] = [];
        new KeywordMatcher(['ab', 'k']).findWithRuns(bytes, alphabet, minRun, runs);
        assert.deepEqual(runs, naive(bytes, minRun));
      },
    ),
    { numRuns: 1000 },
  );
});

test('K (U+212A), İ (U+0130) and ſ (U+017F) fold to k, i and s: a keyword cannot be evaded with them', () => {
  const m = new KeywordMatcher(['key', 'pii', 'secret', 'token']);
  assert.deepEqual(names(m, 'api_\u212aEY = 1'), ['key']);
  assert.deepEqual(names(m, 'P\u0130I'), ['pii']);
  assert.deepEqual(names(m, '\u017fecret \u017fECRET'), ['secret']);
  // Found both ways in one text, each once; other non-ASCII letters do not fold.
  assert.deepEqual(names(m, 'key \u212aey to\u212aen secret'), ['key', 'secret', 'token']);
  assert.deepEqual(names(m, 'ke\u0443 s\u0435cret'), []);
});

test('with the folded letters anywhere, the same keywords as the text folded by hand', () => {
  const m = new KeywordMatcher(['ks', 'sik', 'kiss', 'is', 'k\u00e9']);
  fc.assert(
    fc.property(
      fc.string({
        unit: fc.constantFrom('k', 's', 'i', 'K', '\u212a', '\u0130', '\u017f', '\u00e9', ' '),
        maxLength: 30,
      }),
      (text) => {
        const byHand = text
          .replace(/\u212a/g, 'k')
          .replace(/\u0130/g, 'i')
          .replace(/\u017f/g, 's');
        assert.deepEqual(names(m, text), names(m, byHand));
      },
    ),
    { numRuns: 500 },
  );
});

/** The fold letters, ASCII k, and letters sharing their lead bytes or looking alike (™, ı, é). */
const FOLD_NEIGHBOURS = ['k', ' ', '\u212a', '\u0130', '\u017f', '\u2122', '\u0131', '\u00e9'];

test('folds: which of the fold letters a text holds, from the same walk, wherever they fall in its chunks', () => {
  const unit = fc.constantFrom('a', '\n', ...FOLD_NEIGHBOURS);
  fc.assert(
    fc.property(
      fc.string({ unit, maxLength: 200 }),
      fc.record({ chunk: fc.integer({ min: 1, max: 40 }), split: fc.integer({ min: 2, max: 20 }) }),
      (text, sizes) => {
        const expected =
          (/[\u212a\u017f]/.test(text) ? FOLD_HAZARD : 0) | (text.includes('\u0130') ? FOLD_OTHER : 0);
        for (const wasm of [false, sizes, undefined] as const) {
          const m = new KeywordMatcher(['key'], wasm === undefined ? {} : { wasm });
          m.find(text);
          assert.equal(m.folds, expected, `wasm ${JSON.stringify(wasm)}`);
        }
      },
    ),
    { numRuns: 400 },
  );
  // No keywords: no fold letters looked for (nothing to select).
  const none = new KeywordMatcher([]);
  none.find('\u212a');
  assert.equal(none.folds, 0);
  // Nor does a sequence group's id pass for one of theirs.
  const sequencesOnly = new KeywordMatcher([], { sequences: [[Buffer.from('%2')]] });
  sequencesOnly.findWithRuns(Buffer.from('a%20b'), undefined, 0, undefined, {
    wanted: new Uint8Array(1).fill(1),
    out: [],
  });
  assert.equal(sequencesOnly.folds, 0);
});

test('asciiFolded: the fold letters replaced by their ASCII letter, all else byte for byte', () => {
  const unit = fc.constantFrom('\u{1f600}', ...FOLD_NEIGHBOURS);
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
      const byHand = text
        .replace(/\u212a/g, 'k')
        .replace(/\u0130/g, 'i')
        .replace(/\u017f/g, 's');
      const folded = asciiFolded(Buffer.from(text, 'utf8'));
      assert.equal(folded?.toString('utf8') ?? text, byHand);
      assert.equal(folded === undefined, byHand === text);
    }),
    { numRuns: 500 },
  );
});

test('sequences: occurrences recorded when wanted, as written (ASCII case folded), never among the keywords found', () => {
  const groups = [[Buffer.from('%2'), Buffer.from('\\u002')], [Buffer.from('\u00e9!', 'utf8')]];
  const unit = fc.constantFrom('%', '2', '\\', 'u', 'U', '0', 'é', '!', 'k', 'e', 'y', ' ');
  const naive = (text: Buffer, seqs: readonly Buffer[]): number[] => {
    const ends: number[] = [];
    const lower = Buffer.from(text.map((b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b)));
    for (let i = 0; i < text.length; i++)
      for (const q of seqs) if (lower.subarray(i, i + q.length).equals(q)) ends.push(i + q.length - 1);
    return ends;
  };
  fc.assert(
    fc.property(
      fc.string({ unit, maxLength: 120 }),
      fc.record({ chunk: fc.integer({ min: 1, max: 40 }), split: fc.integer({ min: 2, max: 20 }) }),
      (text, sizes) => {
        const bytes = Buffer.from(text, 'utf8');
        for (const wasm of [false, sizes, undefined] as const) {
          const m = new KeywordMatcher(['key'], {
            sequences: groups,
            ...(wasm === undefined ? {} : { wasm }),
          });
          assert.equal(m.ids, 1 + 2 + 2);
          const wanted = new Uint8Array(m.ids);
          wanted[1] = 1;
          wanted[2] = 1;
          const out: number[] = [];
          const found = m.findWithRuns(bytes, undefined, 0, undefined, { wanted, out });
          assert.deepEqual(found, text.toLowerCase().includes('key') ? [0] : []);
          const got = (id: number) => out.filter((_, k) => k % 2 === 1 && out[k - 1] === id);
          assert.deepEqual(got(1), naive(bytes, groups[0] as Buffer[]));
          assert.deepEqual(got(2), naive(bytes, groups[1] as Buffer[]));
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('the WebAssembly walk finds what the JavaScript walk finds: keywords, anchor hits and runs, across chunk boundaries and where its two streams meet', () => {
  const alphabet = new Uint8Array(128);
  for (const c of 'ab0_=') alphabet[c.charCodeAt(0)] = 1;
  const unit = fc.constantFrom('a', 'b', 'c', 'A', '0', '_', '=', ' ', '\n', 'é', '\u212a', 'K');
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit, minLength: 1, maxLength: 5 }), { maxLength: 10 }),
      fc.string({ unit, maxLength: 300 }),
      fc.integer({ min: 1, max: 8 }),
      fc.record({ chunk: fc.integer({ min: 1, max: 70 }), split: fc.integer({ min: 2, max: 40 }) }),
      fc.boolean(),
      (keywords, text, minRun, sizes, withRuns) => {
        const bytes = Buffer.from(text, 'utf8');
        const walk = (m: KeywordMatcher) => {
          const runs: number[] = [];
          const out: number[] = [];
          const wanted = new Uint8Array(m.keywords.length).map((_, i) => i % 2);
          const found = m.findWithRuns(bytes, alphabet, minRun, withRuns ? runs : undefined, { wanted, out });
          return { found, runs, out };
        };
        const js = walk(new KeywordMatcher(keywords, { wasm: false }));
        assert.deepEqual(walk(new KeywordMatcher(keywords, { wasm: sizes })), js);
        assert.deepEqual(walk(new KeywordMatcher(keywords)), js);
      },
    ),
    { numRuns: 400 },
  );
});

test('the WebAssembly walk on a text of several default chunks (1 MiB) agrees with the JavaScript walk', () => {
  const keywords = ['akia', 'ghp_', 'secret', 'token', 'key'];
  const piece = 'x = "AKIA0123456789ABCDEF" // secret token\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo= ghp_';
  const bytes = Buffer.from(piece.repeat(Math.ceil((2.5 * 1024 * 1024) / piece.length)), 'utf8');
  const alphabet = new Uint8Array(128);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=')
    alphabet[c.charCodeAt(0)] = 1;
  const walk = (m: KeywordMatcher) => {
    const runs: number[] = [];
    const out: number[] = [];
    const found = m.findWithRuns(bytes, alphabet, 16, runs, { wanted: new Uint8Array(5).fill(1), out });
    return { found, runs, out };
  };
  const js = walk(new KeywordMatcher(keywords, { wasm: false }));
  assert.ok(js.out.length > 100_000 && js.runs.length > 50_000);
  assert.deepEqual(walk(new KeywordMatcher(keywords)), js);
});

test('the WebAssembly walk joins runs across its two streams and chunks as the JavaScript walk sees them', () => {
  const alphabet = new Uint8Array(128);
  for (const c of 'ab0_') alphabet[c.charCodeAt(0)] = 1;
  // Mostly alphabet bytes: long runs over the middle of chunks and over chunk ends.
  const unit = fc.constantFrom('a', 'a', 'a', 'b', '0', '_', ' ', 'x');
  fc.assert(
    fc.property(
      fc.string({ unit, maxLength: 200 }),
      fc.integer({ min: 1, max: 12 }),
      fc.record({ chunk: fc.integer({ min: 2, max: 40 }), split: fc.integer({ min: 2, max: 8 }) }),
      (text, minRun, sizes) => {
        const bytes = Buffer.from(text, 'utf8');
        const walk = (m: KeywordMatcher) => {
          const runs: number[] = [];
          const out: number[] = [];
          const found = m.findWithRuns(bytes, alphabet, minRun, runs, {
            wanted: new Uint8Array(2).fill(1),
            out,
          });
          return { found, runs, out };
        };
        assert.deepEqual(
          walk(new KeywordMatcher(['ab', 'x a'], { wasm: sizes })),
          walk(new KeywordMatcher(['ab', 'x a'], { wasm: false })),
        );
      },
    ),
    // A keyword across a chunk end, with the chunk's middle closer to its start than a keyword's
    // length (the second stream's state there depends on the chunk before).
    { numRuns: 1000, examples: [['aaaax a', 1, { chunk: 5, split: 2 }]] },
  );
});

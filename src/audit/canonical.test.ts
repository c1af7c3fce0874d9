import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson } from './canonical.ts';

/** Shuffles object keys recursively: canonical output must not depend on insertion order. */
function shuffled(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffled(v, seed + i));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const rotated = entries.length
      ? entries.map((_, i) => entries[(i + seed) % entries.length] as [string, unknown])
      : [];
    return Object.fromEntries(rotated.reverse().map(([k, v]) => [k, shuffled(v, seed + 1)]));
  }
  return value;
}

const json = fc.jsonValue({ maxDepth: 4 });

test('canonicalJson: fixed vectors (sorted keys, no whitespace, JSON escapes)', () => {
  assert.equal(
    canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: -0, y: 1.5e21 } }),
    '{"a":[true,null,"x"],"b":1,"c":{"y":1.5e+21,"z":0}}',
  );
  assert.equal(canonicalJson('é\n"\u2028'), '"é\\n\\"\u2028"');
  assert.equal(
    canonicalJson({ '\u00e9': 1, z: 2, Z: 3, '10': 4, '9': 5 }),
    '{"10":4,"9":5,"Z":3,"z":2,"é":1}',
  );
  assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
});

test('canonicalJson: parses back to the same value (property)', () => {
  fc.assert(
    fc.property(json, (value) => {
      const text = canonicalJson(value);
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
    }),
  );
});

test('canonicalJson: independent of key order and idempotent through a parse round trip (property)', () => {
  fc.assert(
    fc.property(json, fc.nat(50), (value, seed) => {
      const text = canonicalJson(value);
      assert.equal(canonicalJson(shuffled(value, seed)), text);
      assert.equal(canonicalJson(JSON.parse(text)), text);
      // Same characters as plain JSON.stringify (which adds no whitespace either), only reordered.
      assert.equal(text.length, JSON.stringify(value).length);
    }),
  );
});

test('canonicalJson: different values give different encodings (property)', () => {
  fc.assert(
    fc.property(json, json, (a, b) => {
      const same =
        JSON.stringify(JSON.parse(canonicalJson(a))) === JSON.stringify(JSON.parse(canonicalJson(b)));
      assert.equal(canonicalJson(a) === canonicalJson(b), same);
    }),
  );
});

test('canonicalJson: rejects values JSON cannot carry, naming the path', () => {
  assert.throws(() => canonicalJson({ a: [1, Number.NaN] }), { code: 'E_AUDIT', message: /\$\.a\[1\]/ });
  assert.throws(() => canonicalJson({ n: 10n }), { code: 'E_AUDIT', message: /\$\.n: a bigint/ });
  assert.throws(() => canonicalJson({ d: new Date(0) }), {
    code: 'E_AUDIT',
    message: /Date is not a plain JSON object/,
  });
  assert.throws(() => canonicalJson([undefined]), { code: 'E_AUDIT' });
  assert.throws(() => canonicalJson(Number.POSITIVE_INFINITY), { code: 'E_AUDIT' });
});

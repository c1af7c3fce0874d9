import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ruleEnvironment } from '../cel/environment.ts';
import { extractAll } from './regex.ts';
import { toSet } from './sets.ts';

function run(expression: string, object: unknown): unknown {
  const program = ruleEnvironment().parse(expression);
  assert.equal(program.check().valid, true, expression);
  return program({
    object,
    document: null,
    documents: [],
    variables: {},
    aggregates: {},
    podSpec: null,
    podSpecPath: '',
    containers: [],
  });
}

describe('toSet (docs/cel.md)', () => {
  it('keeps strings, ints and bools; skips the rest; [] for non-lists', () => {
    const set = toSet(['a', 'a', 1n, true, null, 1.5, { k: 1 }, ['x']]);
    assert.deepEqual([...set.keys()], ['a', 1n, true]);
    assert.equal(toSet(null).size, 0);
    assert.equal(toSet('abc').size, 0);
  });

  it('answers `in` like the list for strings and ints, in CEL', () => {
    const object = { l: ['shop', 'ops', 3n], x: 'ops', y: 'dev', n: 3n };
    assert.equal(run('object.x in object.l.toSet()', object), true);
    assert.equal(run('object.y in object.l.toSet()', object), false);
    assert.equal(run('object.n in object.l.toSet()', object), true);
    assert.equal(run('object.l.toSet().size()', object), 3n);
    assert.equal(run("null in ['a'].toSet()", object), false);
  });

  it('agrees with list membership on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 20 }), fc.string(), (list, probe) => {
        assert.equal(toSet(list).has(probe), list.includes(probe));
      }),
    );
  });
});

describe('extractAll (docs/cel.md)', () => {
  const REF = String.raw`(?<![.\w])aws_s3_bucket\.([\w-]+)(?=(?:\[[^\]]*\])?\.)`;

  it('returns the first capture group of every match, else the whole match', () => {
    assert.deepEqual(
      extractAll('aws_s3_bucket.a.id, aws_s3_bucket.b[0].arn, data.aws_s3_bucket.c.id, aws_s3_bucket.d', REF),
      ['a', 'b'],
    );
    assert.deepEqual(extractAll('a1 b22 c333', String.raw`\d+`), ['1', '22', '333']);
    assert.deepEqual(extractAll('ab', '(x)?b'), ['']);
  });

  it('finds a reference nested in the index of another', () => {
    assert.deepEqual(extractAll('aws_s3_bucket.a[aws_s3_bucket.b.id].x', REF), ['a', 'b']);
  });

  it('gives [] for null, non-strings and invalid patterns, and never loops on empty matches', () => {
    assert.deepEqual(extractAll(null, 'a'), []);
    assert.deepEqual(extractAll(3, 'a'), []);
    assert.deepEqual(extractAll('abc', '('), []);
    assert.deepEqual(extractAll('abc', ''), ['', '', '', '']);
    assert.deepEqual(extractAll('abc', 'x*'), ['', '', '', '']);
  });

  it('works from CEL in method and function form', () => {
    assert.deepEqual(run(String.raw`object.s.extractAll(r'aws_vpc\.(\w+)\.')`, { s: 'aws_vpc.main.id' }), [
      'main',
    ]);
    assert.deepEqual(run("extractAll(object.?missing.orValue(null), r'x')", {}), []);
  });

  it('matches the per-document regex test it replaces (same reference found either way)', () => {
    // The rules used `text.matches('(^|[^.\w])aws_s3_bucket\.' + name + '(\[[^\]]*\])?\.')`.
    const name = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,6}$/);
    const piece = fc.oneof(
      name.map((n) => `aws_s3_bucket.${n}.id`),
      name.map((n) => `aws_s3_bucket.${n}[0].arn`),
      name.map((n) => `data.aws_s3_bucket.${n}.id`),
      fc.constantFrom(' ', ',', '${', '}', '[', ']', '.', 'x'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), name, (pieces, n) => {
        const text = pieces.join('');
        const before = new RegExp(
          String.raw`(^|[^.\w])aws_s3_bucket\.` + n + String.raw`(\[[^\]]*\])?\.`,
        ).test(text);
        assert.equal(extractAll(text, REF).includes(n), before, text);
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: any text and pattern, no throw, bounded output', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 10 }), (text, pattern) => {
        const out = extractAll(text, pattern);
        assert.ok(Array.isArray(out));
        assert.ok(out.length <= text.length + 1);
      }),
    );
  });
});

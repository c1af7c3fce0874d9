import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { InputDocument } from '../document.ts';
import { terraformHclParser } from './hcl-parser.ts';
import { fixtureFile, line } from './test-helpers.ts';

before(async () => {
  await terraformHclParser.init?.();
});

function only(content: string): InputDocument {
  const { documents, problems } = terraformHclParser.parse({ path: 'main.tf', content });
  assert.deepEqual(problems, []);
  assert.equal(documents.length, 1);
  return documents[0] as InputDocument;
}

const value = (content: string): unknown =>
  (only(`resource "r" "n" {\n  v = ${content}\n}\n`).object as { v: unknown }).v;

describe('terraform HCL: literal evaluation', () => {
  test('strings, escapes, heredocs, templates, operators (fixture strings/main.tf)', () => {
    const result = terraformHclParser.parse(fixtureFile('strings/main.tf'));
    assert.deepEqual(result.problems, []);
    const doc = result.documents[0] as InputDocument;
    assert.deepEqual(doc.object, {
      name: 'esc"aped\\ é \t ${literal} %{x}',
      policy: '{\n  "Version": "2012-10-17"\n}\n',
      flush: 'first\n  indented X\n\nlast\n',
      tmpl: 'a-b-3-true',
      cond: 'no',
      neg: -5,
      list: ['x', 1.5, null, false],
      nested: { outer: { inner: [1, 2] }, 'quoted key': 'v' },
      directive: null,
      forexpr: null,
      splat: null,
      fn: 'ABC',
      unknown_fn: null,
      lone: ['a', 'b'],
      index: 'b',
      parens: 9,
    });
    assert.deepEqual(doc.expressions, {
      directive: '"%{ if true }x%{ endif }"',
      forexpr: '[for s in ["a"] : upper(s)]',
      splat: 'aws_instance.web[*].id',
      unknown_fn: 'file("x.txt")',
    });
    assert.equal(line(doc, 'flush'), 8);
    assert.equal(line(doc, 'nested.outer.inner[1]'), 18);
    assert.equal(line(doc, 'nested["quoted key"]'), 18);
    assert.equal(line(doc, 'parens'), 26);
  });

  test('a null literal is a known null, not unknown', () => {
    const doc = only('resource "r" "n" {\n  v = null\n}\n');
    assert.deepEqual(doc.object, { v: null });
    assert.equal(doc.unknownPaths.size, 0);
  });

  test('numbers: integers, decimals, exponents', () => {
    assert.deepEqual(value('[0, 42, 3.25, 1.5e3, 2.5E-1]'), [0, 42, 3.25, 1500, 0.25]);
  });

  test('unicode escapes \\u and \\U', () => {
    assert.equal(value('"\\u00e9\\U0001F600"'), 'é😀');
  });

  test('template with an unknown interpolation is unknown as a whole', () => {
    const doc = only('resource "r" "n" {\n  v = "arn:${aws_s3_bucket.b.id}/*"\n}\n');
    assert.deepEqual(doc.object, { v: null });
    assert.deepEqual(doc.expressions, { v: '"arn:${aws_s3_bucket.b.id}/*"' });
  });

  test('heredoc <<- with tabs, blank lines and a less-indented interpolation line', () => {
    assert.equal(value('<<-EOT\n\t\ta\n\n\t\t  b\n\t\tEOT\n'), 'a\n\n  b\n');
    assert.equal(value('<<-EOT\n    a\n  ${"x"}\n  EOT\n'), '  a\nx\n');
    assert.equal(value('<<EOT\n  kept\nEOT\n'), '  kept\n');
  });

  test('conditional with unknown condition is unknown; known picks the branch', () => {
    assert.equal(value('true ? "a" : aws_x.y.id'), 'a');
    assert.equal(value('aws_x.y.z == 1 ? "a" : "b"'), null);
  });

  test('operators: type-sensitive equality, no division by zero, boolean logic', () => {
    assert.deepEqual(value('[1 == "1", 2 != 3, 1 / 0 == 1, true && !false, 7 % 3, "a" == "a"]'), [
      false,
      true,
      null,
      true,
      1,
      true,
    ]);
  });

  test('indexing var/local values; missing keys are unknown', () => {
    const content =
      'variable "m" {\n  default = { a = [10, 20] }\n}\nlocals {\n  l = var.m.a[1]\n}\n' +
      'resource "r" "n" {\n  v = local.l\n  w = var.m["b"]\n  x = var.m.a.0\n}\n';
    const { documents } = terraformHclParser.parse({ path: 'main.tf', content });
    const resource = documents.find((d) => d.address === 'r.n');
    assert.deepEqual(resource?.object, { v: 20, w: null, x: 10 });
    assert.deepEqual(resource?.expressions, { w: 'var.m["b"]' });
  });
});

describe('terraform HCL: hostile keys', () => {
  test('a `__proto__` attribute or object key is plain data', () => {
    const doc = only('resource "r" "n" {\n  __proto__ = 1\n  o = { "__proto__" = { polluted = true } }\n}\n');
    const object = doc.object as Record<string, unknown>;
    assert.deepEqual(Object.keys(object), ['__proto__', 'o']);
    assert.equal(Object.getPrototypeOf(object), Object.prototype);
    assert.deepEqual(Object.keys(object.o as object), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('terraform HCL: comments anywhere', () => {
  test('#, // and /* */ comments inside tuples, objects, calls and conditionals do not change values', () => {
    const doc = only(
      [
        'resource "r" "n" { # c0',
        '  // c1',
        '  a = [ # c2',
        '    1, /* c3 */ 2,',
        '    # c4',
        '    3',
        '  ]',
        '  o = {',
        '    # c5',
        '    k = "v" // c6',
        '    /* c7 */ j = 2',
        '  }',
        '  f = merge( # c8',
        '    { a = 1 }, /* c9 */',
        '    { b = 2 }',
        '  )',
        '  t = true ? /* c */ "x" : "y"',
        '  q = 10 - -2 # c10',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(doc.object, { a: [1, 2, 3], o: { k: 'v', j: 2 }, f: { a: 1, b: 2 }, t: 'x', q: 12 });
    assert.equal(doc.positions.get('a[2]')?.start.line, 6);
    assert.equal(doc.positions.get('o.j')?.start.line, 11);
  });
});

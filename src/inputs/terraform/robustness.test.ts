import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { InputFile, ParseResult } from '../document.ts';
import { MAX_HCL_BYTES, readHcl, terraformHclParser } from './hcl-parser.ts';
import { fixtureFile } from './test-helpers.ts';

before(async () => {
  await terraformHclParser.init?.();
});

const parseMany = (files: readonly InputFile[]): ParseResult =>
  terraformHclParser.parseMany?.(files) ?? assert.fail('parseMany missing');

/** Invariants every result must keep, whatever the input. */
function assertWellFormed(result: ParseResult): void {
  for (const doc of result.documents) {
    assert.equal(doc.type, 'terraform');
    for (const path of doc.unknownPaths) {
      assert.equal(typeof doc.expressions[path], 'string', `unknown ${path} has its source text`);
    }
    assert.doesNotThrow(() => JSON.stringify(doc.object));
  }
  for (const problem of result.problems) {
    assert.equal(typeof problem.file, 'string');
    assert.ok(problem.message.length > 0);
  }
}

describe('terraform HCL: bad input never throws', () => {
  test('syntax error inside one block: problem with line:column, the other blocks still parse', () => {
    const result = terraformHclParser.parse(fixtureFile('broken/main.tf'));
    assert.deepEqual(
      result.documents.map((d) => d.address),
      ['aws_s3_bucket.ok', 'aws_s3_bucket.after'],
    );
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]?.file, 'broken/main.tf');
    assert.equal(result.problems[0]?.message, 'syntax error: unexpected "=" at 6:12');
    assert.deepEqual(result.problems[0]?.range?.start, { line: 6, column: 12 });
  });

  test('truncated file: missing "}" reported at end of input, no half-parsed document', () => {
    const result = terraformHclParser.parse({ path: 't.tf', content: 'resource "a" "b" {\n  x = 1\n' });
    assert.deepEqual(result.documents, []);
    assert.deepEqual(
      result.problems.map((p) => p.message),
      ['syntax error: missing "}" at 3:1'],
    );
  });

  test('garbage bytes become a problem', () => {
    const result = terraformHclParser.parse({ path: 'g.tf', content: '\u0000\u0001\uffff{{{' });
    assert.deepEqual(result.documents, []);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]?.message ?? '', /^syntax error: unexpected .* at 1:1$/);
  });

  test('blocks with the wrong number of labels are reported, not guessed', () => {
    const result = terraformHclParser.parse({ path: 'l.tf', content: 'resource "only_type" {\n}\n' });
    assert.deepEqual(result.documents, []);
    assert.deepEqual(
      result.problems.map((p) => [p.message, p.range?.start.line]),
      [['resource block needs 2 label(s), found 1', 1]],
    );
  });

  test('deeply nested tuples are cut off as unknown instead of overflowing the stack', () => {
    const content = `resource "r" "n" {\n  v = ${'['.repeat(5000)}1${']'.repeat(5000)}\n}\n`;
    const result = terraformHclParser.parse({ path: 'd.tf', content });
    assertWellFormed(result);
    assert.equal(result.documents.length, 1);
    const unknown = [...(result.documents[0]?.unknownPaths ?? [])];
    assert.equal(unknown.length, 1);
    assert.ok((unknown[0] ?? '').startsWith('v[0][0]'));
  });

  test('100k unbalanced parentheses: a problem, quickly', () => {
    const started = performance.now();
    const result = terraformHclParser.parse({ path: 'p.tf', content: `v = ${'('.repeat(100_000)}` });
    assert.equal(result.documents.length, 0);
    assert.equal(result.problems.length, 1);
    assert.ok(performance.now() - started < 10_000);
  });

  test('a long chain of locals resolves up to a bound and never overflows the stack', () => {
    const n = 5000;
    const locals = Array.from(
      { length: n },
      (_, i) => `  l${i} = ${i === n - 1 ? '"end"' : `local.l${i + 1}`}`,
    );
    const content = `locals {\n${locals.join('\n')}\n}\nresource "r" "n" {\n  short = local.l${n - 3}\n  long = local.l0\n}\n`;
    const result = parseMany([{ path: 'c.tf', content }]);
    assert.deepEqual(result.documents[0]?.object, { short: 'end', long: null });
  });

  test('files over the size limit are reported, not parsed', () => {
    const result = terraformHclParser.parse({ path: 'big.tf', content: ' '.repeat(MAX_HCL_BYTES + 1) });
    assert.deepEqual(result.documents, []);
    assert.match(result.problems[0]?.message ?? '', /too large/);
  });

  test('a parse over its time budget is cancelled and reported; the next parse starts afresh', () => {
    const block = 'resource "r" "n" {\n  a = [1, 2, 3]\n}\n';
    const slow = readHcl({ path: 'slow.tf', content: block.repeat(20_000) }, 0);
    assert.equal(slow.file, undefined);
    assert.deepEqual(
      slow.problems.map((p) => p.message),
      ['parsing took longer than 0 s; skipped'],
    );
    const next = terraformHclParser.parse({ path: 'next.tf', content: 'resource "a" "b" {\n  x = 1\n}\n' });
    assert.deepEqual(next.problems, []);
    assert.deepEqual(next.documents[0]?.object, { x: 1 });
  });

  // A guard against quadratic work, with room for a busy CI machine (measured: ~0.3 s per 512 KB when idle).
  test('a 512 KB file of resources parses in under 15 seconds', () => {
    const block =
      'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = { a = "b" }\n  versioning {\n    enabled = true\n  }\n}\n';
    const content = block.repeat(Math.ceil((512 * 1024) / block.length));
    const started = performance.now();
    const result = terraformHclParser.parse({ path: 'huge.tf', content });
    assert.equal(result.documents.length, Math.ceil((512 * 1024) / block.length));
    assert.ok(performance.now() - started < 15_000, `took ${performance.now() - started} ms`);
  });

  const TOKENS = [
    'resource',
    'data',
    'module',
    'variable',
    'locals',
    'dynamic',
    '"a"',
    '"b"',
    'x',
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    '=',
    ':',
    ',',
    '.',
    '...',
    '?',
    '!',
    '-',
    '*',
    '==',
    '&&',
    '${',
    '%{',
    '}',
    '"',
    '<<EOT\n',
    '<<-EOT\n',
    'EOT',
    '\n',
    ' ',
    'var.x',
    'local.y',
    'aws_x.y.id',
    'for',
    'in',
    'if',
    '1',
    '2.5',
    'true',
    'null',
    '#c\n',
    '/*',
    '*/',
    '\\',
    '\\u00',
    'merge',
    'jsonencode',
    'upper',
    '[*]',
    '.0',
  ];
  const hclish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }).map((t) => t.join(''));

  test('fuzz: HCL-like token soup never throws and keeps the invariants', () => {
    fc.assert(
      fc.property(hclish, hclish, (a, b) => {
        const started = performance.now();
        const result = parseMany([
          { path: 'f/main.tf', content: a },
          { path: 'f/terraform.tfvars', content: b },
        ]);
        assertWellFormed(result);
        assert.ok(performance.now() - started < 10_000);
      }),
      { numRuns: 300 },
    );
  });

  test('fuzz: arbitrary unicode text never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        assertWellFormed(terraformHclParser.parse({ path: 'u.tf', content: text }));
      }),
      { numRuns: 300 },
    );
  });

  test('fuzz: valid attribute values always evaluate to their JSON value', () => {
    const leaf = fc.oneof(
      fc.boolean(),
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.string({ maxLength: 10 }),
      fc.constant(null),
    );
    const tree = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { maxDepth: 4 },
        leaf,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), tie('value'), {
          maxKeys: 4,
          noNullPrototype: true,
        }),
      ),
    })).value;
    fc.assert(
      fc.property(tree, (v) => {
        // JSON with `:` object separators is valid HCL expression syntax; `${`/`%{` must be doubled.
        const hcl = JSON.stringify(v)
          .replaceAll('${', () => '$${') // a function: in a replacement string `$$` means `$`
          .replaceAll('%{', '%%{');
        const result = terraformHclParser.parse({
          path: 'v.tf',
          content: `resource "r" "n" {\n  v = ${hcl}\n}\n`,
        });
        assert.deepEqual(result.problems, []);
        assert.deepEqual((result.documents[0]?.object as { v: unknown } | undefined)?.v, v);
      }),
      { numRuns: 300 },
    );
  });
});

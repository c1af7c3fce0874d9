import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parsePipeline } from './parse.ts';

const FIX = new URL('../../../test/fixtures/detect/pipelines/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIX), 'utf8');

test('an unknown transformation type is rejected with file:line and the supported list', () => {
  const r = parsePipeline('unknown-type.yml', fixture('unknown-type.yml'));
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.problems.length, 1);
  const p = r.problems[0];
  assert.equal(p?.line, 8);
  assert.equal(p?.field, 'transformations[1].type');
  assert.match(
    p?.message ?? '',
    /unknown transformation type 'value_placeholders' \(supported: field_name_mapping/,
  );
});

test('every bad field is reported with its line and path', () => {
  const r = parsePipeline('bad-fields.yml', fixture('bad-fields.yml'));
  assert.equal(r.ok, false);
  if (r.ok) return;
  const got = r.problems.map((p) => `${p.line} ${p.field}`);
  assert.deepEqual(got, [
    '2 priority',
    '6 transformations[0].mapping.CommandLine',
    '8 transformations[1].regex',
    '11 transformations[2].conditions',
    '15 transformations[3].rule_conditions[0].type',
    '17 transformations[4].colour',
  ]);
  assert.match(r.problems[4]?.message ?? '', /unsupported rule condition type 'processing_item_applied'/);
  assert.match(r.problems[2]?.message ?? '', /^regex: /);
});

test('postprocessing is ignored with a warning, the transformations still load', () => {
  const r = parsePipeline('postprocessing.yml', fixture('postprocessing.yml'));
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.warnings.length, 1);
  assert.equal(r.warnings[0]?.line, 5);
  assert.match(r.warnings[0]?.message ?? '', /postprocessing.*ignored/);
  assert.deepEqual(r.pipeline.fieldNameMapping, { CommandLine: 'cmd' });
  assert.equal(r.pipeline.priority, 0);
});

test('shape errors: not a map, missing name, empty transformations, bad YAML, unknown top key', () => {
  const cases: [string, RegExp][] = [
    ['- a\n- b\n', /must be a YAML map/],
    ['transformations:\n  - type: drop_detection_item\n', /name must be/],
    ['name: x\ntransformations: []\n', /non-empty list/],
    ['name: x\ntransformations: [\n', /^YAML/],
    ['name: x\nname: y\ntransformations: []\n', /^YAML/],
    ['name: x\nrules: 1\ntransformations:\n  - type: drop_detection_item\n', /unknown key 'rules'/],
    ['name: x\ntransformations:\n  - type: drop_detection_item\n    rule_cond_op: xor\n', /'and' or 'or'/],
    ['name: x\ntransformations:\n  - type: drop_detection_item\n    rule_cond_not: true\n', /not supported/],
  ];
  for (const [text, want] of cases) {
    const r = parsePipeline('t.yml', text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.problems[0]?.message ?? '', want, text);
  }
});

test('fuzz: the parser never throws on arbitrary text or arbitrary YAML-ish structures', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      parsePipeline('f.yml', text);
    }),
    { numRuns: 300 },
  );
  const value = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(
        fc.constantFrom('type', 'mapping', 'prefix', 'regex', 'conditions', 'rule_conditions', 'fields', 'x'),
        tie('v'),
        { maxKeys: 3 },
      ),
    ),
  })).v;
  fc.assert(
    fc.property(fc.array(value, { maxLength: 4 }), fc.anything(), (ts, name) => {
      parsePipeline('f.yml', JSON.stringify({ name, transformations: ts }));
    }),
    { numRuns: 300 },
  );
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadRuleText } from './load-text.ts';

const VALID = `apiVersion: rampart.dev/v1
kind: PolicyRule
id: ACME-001
title: Test rule
severity: high
description: d
why: w
fix: f
match:
  input: kubernetes
validations:
  - expression: "true"
    message: m
`;

function errorsOf(text: string, builtin = false): string[] {
  return loadRuleText(text, 'policies/r.yaml', { builtin, requireRule: true }).errors.map((e) =>
    e.describe(),
  );
}

describe('rule loading: strict schema, errors name file:line:field', () => {
  it('loads a valid rule with its position', () => {
    const { rules, errors } = loadRuleText(VALID, 'r.yaml', { builtin: false, requireRule: true });
    assert.deepEqual(errors, []);
    assert.equal(rules[0]?.id, 'ACME-001');
    assert.deepEqual(rules[0]?.source, { file: 'r.yaml', line: 3, column: 5 });
  });

  const cases: [string, string, RegExp][] = [
    [
      'unknown top-level field',
      VALID.replace('why: w', 'why: w\ncolour: red'),
      /^policies\/r\.yaml:8:1: colour: unknown field/,
    ],
    [
      'wrong type',
      VALID.replace('title: Test rule', 'title: [a]'),
      /^policies\/r\.yaml:4:8: title: expected a string, got a list/,
    ],
    [
      'bad severity',
      VALID.replace('severity: high', 'severity: severe'),
      /^policies\/r\.yaml:5:11: severity: invalid severity 'severe'/,
    ],
    [
      'missing field',
      VALID.replace('fix: f\n', ''),
      /^policies\/r\.yaml:1:1: fix: required field is missing/,
    ],
    [
      'unknown framework',
      VALID.replace('fix: f', 'fix: f\nframeworks:\n  cis-k8s: ["1"]'),
      /^policies\/r\.yaml:10:3: frameworks\.cis-k8s: unknown framework id/,
    ],
    [
      'bad input type',
      VALID.replace('input: kubernetes', 'input: helm'),
      /^policies\/r\.yaml:10:10: match\.input: unknown input type 'helm'/,
    ],
    [
      'terraform selector on k8s',
      VALID.replace('input: kubernetes', 'input: kubernetes\n  resourceTypes: [x]'),
      /:11:3: match\.resourceTypes: only valid with input: terraform/,
    ],
    [
      'unknown validation field',
      VALID.replace('message: m', 'message: m\n    severity: low'),
      /:14:5: validations\[0\]\.severity: unknown field/,
    ],
    ['bad id', VALID.replace('id: ACME-001', 'id: acme 1'), /:3:5: id: invalid value 'acme 1'/],
    [
      'reserved prefix',
      VALID.replace('id: ACME-001', 'id: RMP-K8S-999'),
      /:3:5: id: the RMP- prefix is reserved/,
    ],
    [
      'as without forEach',
      VALID.replace('message: m', 'message: m\n    as: c'),
      /:14:5: validations\[0\]\.as: `as` only applies together with forEach/,
    ],
    [
      'empty validations',
      VALID.replace(/validations:[\s\S]*$/, 'validations: []\n'),
      /:11:1[43]: validations: at least one validation/,
    ],
    [
      'wrong kind',
      VALID.replace('kind: PolicyRule', 'kind: Policy'),
      /:2:7: kind: expected kind: PolicyRule/,
    ],
    ['YAML syntax', `${VALID}  - [unclosed\n`, /policies\/r\.yaml:\d+:\d+: YAML syntax/],
    [
      'malformed path',
      VALID.replace('message: m', 'message: m\n    path: "a[b"'),
      /:14:11: validations\[0\]\.path: malformed field path/,
    ],
  ];
  for (const [name, text, pattern] of cases) {
    it(name, () => {
      const errors = errorsOf(text);
      assert.ok(errors.length > 0, 'expected an error');
      assert.match(errors[0] ?? '', pattern);
    });
  }

  it('reports every problem of a file in one pass', () => {
    const text = VALID.replace('title: Test rule', 'title: 1')
      .replace('severity: high', 'severity: x')
      .replace('why: w', 'why: w\nextra: 1');
    assert.equal(errorsOf(text).length, 3);
  });

  it('built-in packs may use RMP-', () => {
    assert.deepEqual(errorsOf(VALID.replace('id: ACME-001', 'id: RMP-K8S-999'), true), []);
  });

  it('multi-document files load every PolicyRule document', () => {
    const text = `${VALID}---\n${VALID.replace('ACME-001', 'ACME-002')}`;
    const { rules } = loadRuleText(text, 'r.yaml', { builtin: false, requireRule: false });
    assert.deepEqual(
      rules.map((r) => r.id),
      ['ACME-001', 'ACME-002'],
    );
  });
});

describe('CEL compile errors: E_RULE_CEL at the file line and column inside the YAML', () => {
  const at = (expression: string) => {
    const text = VALID.replace('expression: "true"', expression);
    const [e] = loadRuleText(text, 'r.yaml', { builtin: false, requireRule: true }).errors;
    assert.ok(e, 'expected an error');
    assert.equal(e.code, 'E_RULE_CEL');
    return e;
  };
  it('double-quoted expression', () => {
    const e = at('expression: "object.a && obejct.b"');
    assert.deepEqual([e.line, e.column], [12, 30]);
    assert.match(e.message, /^validations\[0\]\.expression: Unknown variable: obejct/);
    // Source line and a caret under the offending column.
    const [, source, caret] = e.message.split('\n');
    assert.match(source ?? '', /obejct/);
    assert.equal((caret ?? '').indexOf('^') - (source ?? '').indexOf('|'), 30 - 1 + 2);
  });
  it('plain scalar', () => {
    const e = at('expression: object.a ==');
    assert.equal(e.line, 12);
    assert.equal(e.column, 28);
  });
  it('block literal: second line of the expression', () => {
    const e = at('expression: |\n      object.a &&\n        nosuch(1)');
    assert.deepEqual([e.line, e.column], [14, 9]);
    assert.match(e.message, /nosuch/);
  });
  it('type errors caught at load', () => {
    const e = at('expression: "1 + \'a\' == 2"');
    assert.match(e.message, /no such overload/);
  });
  it('validation expressions must be boolean when the type is known', () => {
    const e = at('expression: "\'abc\'"');
    assert.match(e.message, /must evaluate to bool/);
  });
  it('forEach item variable is declared only for that validation', () => {
    const ok = VALID.replace(
      'expression: "true"',
      'forEach: containers\n    as: c\n    expression: c.x == 1',
    );
    assert.deepEqual(errorsOf(ok), []);
    const e = at('expression: c.x == 1');
    assert.match(e.message, /Unknown variable: c/);
  });
});

describe('fuzzing rule loading', () => {
  it('random YAML never crashes the loader and yields rules or errors', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value);
        const r = loadRuleText(text, 'f.yaml', { builtin: false, requireRule: true });
        assert.ok(Array.isArray(r.rules) && Array.isArray(r.errors));
      }),
      { numRuns: 300 },
    );
  });
  it('mutated valid rules never crash and invalid ones always carry a file:line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: VALID.length }), fc.string({ maxLength: 8 }), (pos, insert) => {
        const text = VALID.slice(0, pos) + insert + VALID.slice(pos);
        const r = loadRuleText(text, 'f.yaml', { builtin: false, requireRule: true });
        for (const e of r.errors) assert.match(e.describe(), /^f\.yaml:\d+:\d+: /);
        assert.ok(r.rules.length + r.errors.length > 0);
      }),
      { numRuns: 400 },
    );
  });
});

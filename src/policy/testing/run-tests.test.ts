import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testYamlParser } from '../../../test/fixtures/policy/yaml-documents.ts';
import { formatTestReport } from './format.ts';
import { readTests } from './read-tests.ts';
import { runRuleTests } from './run-tests.ts';

const FIXTURES = 'test/fixtures/policy/rules';
const parsers = [testYamlParser];

describe('rule tests (docs/rule-format.md, tests.yaml)', () => {
  it('passes a rule whose findings are exactly the expected lines', async () => {
    const report = await runRuleTests([`${FIXTURES}/good`], { parsers });
    assert.equal(report.passed, 1);
    assert.equal(report.failed, 0);
    assert.match(formatTestReport(report), /PASS TEST-PRIV[\s\S]*\n1 passed, 0 failed$/);
  });

  it('reports each mismatch: expected vs got lines with messages, and missing fixtures', async () => {
    const report = await runRuleTests([`${FIXTURES}/bad`], { parsers });
    assert.equal(report.failed, 1);
    const text = formatTestReport(report);
    assert.match(text, /FAIL TEST-WRONG/);
    assert.match(text, /expected lines \[11\], got \[10\]/);
    assert.match(text, /missing: line 11/);
    assert.match(text, /unexpected: line 10: container a is privileged/);
    assert.match(text, /fixture not found: missing\.yaml/);
    assert.match(text, /\n0 passed, 1 failed$/);
  });

  it('without a parser for the fixture, says so instead of passing', async () => {
    const report = await runRuleTests([`${FIXTURES}/good`], { parsers: [] });
    assert.equal(report.failed, 1);
    assert.match(formatTestReport(report), /no registered input parser accepts fail\.yaml/);
  });

  it('tests.yaml is read strictly with file:line:field errors', () => {
    const { errors } = readTests(
      '- file: a.yaml\n  expect: [x]\n- file: b.yaml\n  expected: []\n',
      'tests.yaml',
    );
    const text = errors.map((e) => e.describe());
    assert.match(text[0] ?? '', /^tests\.yaml:2:12: tests\[0\]\.expect\[0\]: expected a line number/);
    assert.match(text[1] ?? '', /^tests\.yaml:4:3: tests\[1\]\.expected: unknown field/);
  });
});

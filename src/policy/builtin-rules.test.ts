import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INPUT_PARSERS } from '../inputs/registry.ts';
import { BUILTIN_RULES_DIR } from './load/load-rules.ts';
import { formatTestReport } from './testing/format.ts';
import { findRuleFolders, initParsers, testRuleFolder } from './testing/run-tests.ts';

// One test per built-in rule folder, so `npm test` runs every rule's tests.yaml fixtures and a
// failure names the rule.
const folders = await findRuleFolders([BUILTIN_RULES_DIR]);
const seen = new Map<string, string>();

test('built-in rule packs exist', () => {
  assert.ok(folders.length > 0, `no rule folders under ${BUILTIN_RULES_DIR}`);
});

for (const dir of folders) {
  const name = dir.slice(BUILTIN_RULES_DIR.length);
  test(`built-in rule ${name}`, async () => {
    const initProblems = await initParsers(INPUT_PARSERS);
    const result = await testRuleFolder(dir, INPUT_PARSERS, initProblems, seen);
    assert.ok(result.ok, formatTestReport({ results: [result], passed: 0, failed: 1 }));
  });
}

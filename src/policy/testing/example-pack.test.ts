import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatTestReport } from './format.ts';
import { runRuleTests } from './run-tests.ts';

// The worked example of docs/writing-rules.md, run with the real input parsers.
it('docs/writing-rules.md example pack passes its tests with the registered parsers', async () => {
  const report = await runRuleTests(['test/fixtures/policy/example-pack']);
  const text = formatTestReport(report);
  assert.equal(report.failed, 0, text);
  assert.equal(report.passed, 1, text);
  assert.match(text, /^PASS ACME-K8S-001 /m);
});

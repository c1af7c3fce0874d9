import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as rampart from '../src/index.ts';

const examples = join(import.meta.dirname, '..', 'examples', 'kubernetes');

test('public API: a scan through the package entry point finds the example violations', async () => {
  const { result } = await rampart.runScan({
    root: examples,
    target: examples,
    failOn: 'high',
    analyzers: rampart.createAnalyzers({ policyDirs: [] }),
  });
  const ids = new Set(result.findings.map((f) => f.ruleId));
  assert.ok(ids.has('RMP-K8S-001'), `privileged container expected, got ${[...ids].join(', ')}`);
  const sarif = JSON.parse(rampart.getReporter('sarif').render(result, { color: false }));
  assert.equal(sarif.version, '2.1.0');
  assert.ok(result.findings.every((f) => f.why && f.fix && f.fingerprint));
});

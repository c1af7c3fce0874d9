import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { formatFixtureReport, runSecretFixtures } from './fixtures.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/secrets/fixture-runner');

test('reports passing rules, wrong counts, missing fixtures and orphan fixtures', () => {
  const report = runSecretFixtures(FIXTURES);
  const byId = new Map(report.results.map((r) => [r.ruleId, r.failures]));
  assert.deepEqual(byId.get('good-rule'), []);
  const bad = byId.get('bad-rule') ?? [];
  assert.ok(
    bad.some((f) => /^truePositives\[1\]: 0 findings/.test(f)),
    bad.join('\n'),
  );
  assert.ok(
    bad.some((f) => /^truePositives\[2\]: 2 findings/.test(f)),
    bad.join('\n'),
  );
  assert.ok(
    bad.some((f) => /^falsePositives\[0\]: 1 finding/.test(f)),
    bad.join('\n'),
  );
  assert.ok(
    bad.some((f) => /at least 2 falsePositives/.test(f)),
    bad.join('\n'),
  );
  assert.ok((byId.get('no-fixture') ?? []).some((f) => /missing fixture file/.test(f)));
  assert.ok(report.problems.some((p) => /orphan\.yaml: no rule with this id/.test(p)));
  assert.equal(report.passed, 1);
  assert.equal(report.failed, 3);
  assert.match(formatFixtureReport(report), /\n1 passed, 3 failed$/);
});

test('a broken rule file is one failure naming the file', () => {
  const report = runSecretFixtures(path.join(FIXTURES, 'broken'));
  assert.equal(report.failed, 1);
  assert.match(report.problems[0] ?? '', /bad\.toml:2: rules\[0\]\.regex: invalid RE2/);
});

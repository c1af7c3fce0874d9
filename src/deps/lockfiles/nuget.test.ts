import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nugetLock } from './nuget.ts';
import { parseFixture, summary } from './testing.ts';

test('packages.lock.json: Direct/Transitive/CentralTransitive, Project skipped, deduped across frameworks', () => {
  const f = 'nuget/packages.lock.json';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:nuget/Newtonsoft.Json@13.0.3 ${f}:5 direct=true dev=undefined`,
    `pkg:nuget/Serilog@3.1.1 ${f}:11 direct=false dev=undefined`,
    // transitive for net8.0, direct for net6.0: direct anywhere wins
    `pkg:nuget/System.Text.Json@8.0.0 ${f}:16 direct=true dev=undefined`,
  ]);
  assert.deepEqual(r.problems, []);
  const bad = nugetLock.parse(
    'packages.lock.json',
    '{"dependencies": {"net8.0": {"X": {"type": "Direct"}}}}',
  );
  assert.equal(bad.problems[0]?.message, 'packages.lock.json:1: X: no "resolved" version');
});

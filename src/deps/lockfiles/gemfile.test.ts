import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gemfileLock } from './gemfile.ts';
import { parseFixture, problemSummary, summary } from './testing.ts';

test('Gemfile.lock: GEM specs, platform builds collapse, GIT/PATH skipped, DEPENDENCIES and PATH gemspec deps are direct', () => {
  const f = 'ruby/Gemfile.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:gem/mini_portile2@2.8.5 ${f}:16 direct=false dev=undefined`,
    `pkg:gem/nokogiri@1.15.5 ${f}:17 direct=true dev=undefined`,
    `pkg:gem/racc@1.7.3 ${f}:22 direct=false dev=undefined`,
    `pkg:gem/rack@3.0.8 ${f}:23 direct=true dev=undefined`,
    `pkg:gem/rspec@3.12.0 ${f}:24 direct=true dev=undefined`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:5: forked-gem: GIT source; not reported`,
    `notice non-registry ${f}:10: my_app: PATH source; not reported`,
  ]);
  assert.equal(r.edges?.length, 2);
});

test('Gemfile.lock: a platform-only gem keeps its platform as a purl qualifier', () => {
  const r = gemfileLock.parse(
    'Gemfile.lock',
    'GEM\n  specs:\n    sqlite3 (1.6.9-arm64-darwin)\n    bad spec line\n',
  );
  assert.deepEqual(summary(r.packages), [
    'pkg:gem/sqlite3@1.6.9?platform=arm64-darwin Gemfile.lock:3 direct=false dev=undefined',
  ]);
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.line]),
    [['invalid-entry', 4]],
  );
});

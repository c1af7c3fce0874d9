import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradleLockfile } from './gradle.ts';
import { parseFixture, problemSummary, summary } from './testing.ts';

test('gradle.lockfile: coordinates, test-only configurations are dev, empty= and comments skipped', () => {
  const f = 'gradle/gradle.lockfile';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.16.0 ${f}:4 direct=undefined dev=false`,
    `pkg:maven/com.google.guava/guava@32.1.3-jre ${f}:5 direct=undefined dev=false`,
    `pkg:maven/junit/junit@4.13.2 ${f}:6 direct=undefined dev=true`,
    `pkg:maven/org.mockito/mockito-core@5.8.0 ${f}:7 direct=undefined dev=true`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `error invalid-entry ${f}:8: expected group:artifact:version=configurations, got "this line is broken"`,
  ]);
  assert.ok(gradleLockfile.accepts('app/buildscript-gradle.lockfile'));
});

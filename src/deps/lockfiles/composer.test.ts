import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composerLock } from './composer.ts';
import { parseFixture, problemSummary, summary } from './testing.ts';

test('composer.lock: packages vs packages-dev, branch versions and broken entries are problems', () => {
  const f = 'composer/composer.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:composer/guzzlehttp/guzzle@7.8.1 ${f}:7 direct=undefined dev=false`,
    `pkg:composer/monolog/monolog@v3.5.0 ${f}:14 direct=undefined dev=false`,
    `pkg:composer/phpunit/phpunit@10.5.3 ${f}:26 direct=undefined dev=true`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice unpinned ${f}:19: acme/internal: branch "dev-main" is not a release; not reported`,
    `error invalid-entry ${f}:31: broken/entry: package without "name" or "version"`,
  ]);
  assert.equal(composerLock.parse('composer.lock', '{"packages": {}}').problems[0]?.kind, 'invalid-entry');
  assert.deepEqual(composerLock.parse('composer.lock', '{"packages": [], "packages-dev": null}'), {
    packages: [],
    problems: [],
  });
});

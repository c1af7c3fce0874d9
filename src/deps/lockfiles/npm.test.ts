import assert from 'node:assert/strict';
import { test } from 'node:test';
import { npmLock } from './npm.ts';
import { parseFixture, problemSummary, summary } from './testing.ts';

test('package-lock v3: nested copies, alias, workspace links skipped, dev/optional/peer flags', () => {
  const r = parseFixture('npm/v3/package-lock.json');
  const f = 'npm/v3/package-lock.json';
  assert.deepEqual(summary(r.packages), [
    `pkg:npm/%40babel/code-frame@7.22.13 ${f}:22 direct=true dev=false`,
    `pkg:npm/chalk@2.4.2 ${f}:30 direct=false dev=false`,
    `pkg:npm/chalk@5.3.0 ${f}:35 direct=true dev=true`,
    `pkg:npm/fsevents@2.3.3 ${f}:41 direct=true dev=false optional`,
    `pkg:npm/react@18.2.0 ${f}:46 direct=true dev=false peer`,
    `pkg:npm/string-width@4.2.3 ${f}:51 direct=true dev=false`,
    `pkg:npm/typescript@5.3.3 ${f}:56 direct=true dev=true`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:65: node_modules/local-tool: version "file:../local-tool" is not from the registry; not reported`,
  ]);
  // chalk is resolved from code-frame's own node_modules, not the hoisted 5.3.0.
  assert.deepEqual(r.edges, [['pkg:npm/%40babel/code-frame@7.22.13', 'pkg:npm/chalk@2.4.2']]);
});

test('package-lock v2 reads `packages` and ignores the duplicated v1 tree; devOptional is not dev', () => {
  const r = parseFixture('npm/v2/package-lock.json');
  assert.deepEqual(summary(r.packages), [
    'pkg:npm/express@4.18.2 npm/v2/package-lock.json:14 direct=true dev=false',
    'pkg:npm/qs@6.11.0 npm/v2/package-lock.json:21 direct=false dev=false',
  ]);
  assert.deepEqual(r.problems, []);
});

test('package-lock v1: nested tree, alias `npm:`, git versions noted, direct unknown', () => {
  const r = parseFixture('npm/v1/package-lock.json');
  const f = 'npm/v1/package-lock.json';
  assert.deepEqual(summary(r.packages), [
    `pkg:npm/debug@2.6.9 ${f}:7 direct=undefined dev=false`,
    `pkg:npm/ms@2.0.0 ${f}:15 direct=undefined dev=false`,
    `pkg:npm/ms@2.1.3 ${f}:22 direct=undefined dev=false`,
    `pkg:npm/mocha@10.2.0 ${f}:27 direct=undefined dev=true`,
    `pkg:npm/lodash@4.17.21 ${f}:32 direct=undefined dev=false`,
    `pkg:npm/fsevents@1.2.13 ${f}:40 direct=undefined dev=false optional`,
  ]);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]?.message ?? '', /v1\/package-lock.json:36: my-fork: version "github:/);
});

test('npm-shrinkwrap.json is read like package-lock.json', () => {
  assert.ok(npmLock.accepts('a/b/npm-shrinkwrap.json'));
  assert.deepEqual(summary(parseFixture('npm/shrinkwrap/npm-shrinkwrap.json').packages), [
    'pkg:npm/commander@11.1.0 npm/shrinkwrap/npm-shrinkwrap.json:12 direct=true dev=false',
  ]);
});

test('package-lock bad input: problems name the file and entry, never a throw', () => {
  const syntax = npmLock.parse('p/package-lock.json', '{"packages": {');
  assert.equal(syntax.packages.length, 0);
  assert.equal(syntax.problems[0]?.kind, 'syntax');
  assert.match(syntax.problems[0]?.message ?? '', /^p\/package-lock.json:1: not valid JSON/);
  const entry = npmLock.parse(
    'package-lock.json',
    '{"packages": {"": {}, "node_modules/a": 3, "node_modules/b": {"resolved": "x"}, "node_modules/c": {"version": "1.0.0"}}}',
  );
  assert.deepEqual(summary(entry.packages), ['pkg:npm/c@1.0.0 package-lock.json:1 direct=false dev=false']);
  assert.deepEqual(
    entry.problems.map((p) => [p.kind, p.entry]),
    [
      ['invalid-entry', 'node_modules/a'],
      ['invalid-entry', 'node_modules/b'],
    ],
  );
  assert.equal(
    npmLock.parse('package-lock.json', '[1]').problems[0]?.message,
    'package-lock.json: top level is not a JSON object',
  );
  const deep = npmLock.parse('package-lock.json', `${'['.repeat(10000)}${']'.repeat(10000)}`);
  assert.equal(deep.problems[0]?.kind, 'too-deep');
});

test('package-lock v3: what a workspace installs in its own node_modules is direct; deeper copies are not', () => {
  const r = npmLock.parse(
    'package-lock.json',
    JSON.stringify(
      {
        lockfileVersion: 3,
        packages: {
          '': { workspaces: ['packages/api'] },
          'packages/api': { dependencies: { zod: '^3' } },
          'packages/api/node_modules/zod': { version: '3.22.4' },
          'packages/api/node_modules/zod/node_modules/zod': { version: '3.0.0' },
          'node_modules/zod': { version: '3.0.0' },
        },
      },
      null,
      1,
    ),
  );
  assert.deepEqual(summary(r.packages), [
    'pkg:npm/zod@3.22.4 package-lock.json:14 direct=true dev=false',
    // a nested copy, and a hoisted one the workspace does not resolve to: both transitive
    'pkg:npm/zod@3.0.0 package-lock.json:17 direct=false dev=false',
  ]);
});

test('package-lock: integrity → hashes, resolved → download URL, license, for SBOMs', () => {
  const r = parseFixture('npm/artifacts/package-lock.json');
  const facts = (name: string) => {
    const p = r.packages.find((x) => x.name === name);
    return { hashes: p?.hashes, license: p?.license, downloadUrl: p?.downloadUrl };
  };
  assert.deepEqual(facts('ms'), {
    hashes: [
      {
        algorithm: 'SHA-512',
        value:
          'e85973b9b4cb646dc9d9afcd542025784863ceae68c601f268253dc985ef70bb2fa1568726afece715c8ebf5d73fab73ed1f7100eb479d23bfb57b45dd645394',
      },
    ],
    license: 'MIT',
    downloadUrl: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
  });
  assert.equal(facts('semver').license, '(ISC OR MIT)');
  // A truncated integrity and a file: URL are not carried into the SBOM; the licence text is, as written.
  assert.deepEqual(facts('vendor-sdk'), {
    hashes: undefined,
    license: 'SEE LICENSE IN LICENSE.md',
    downloadUrl: undefined,
  });
});

test('package-lock v1: integrity and resolved of nested entries', () => {
  const r = parseFixture('npm/v1/package-lock.json');
  const ms = r.packages.find((p) => p.purl === 'pkg:npm/ms@2.1.3');
  assert.equal(ms?.downloadUrl, 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz');
  // The fixture's integrity values are truncated: no hash rather than a wrong one.
  assert.equal(ms?.hashes, undefined);
});

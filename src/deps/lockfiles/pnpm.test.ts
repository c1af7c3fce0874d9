import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pnpmLock } from './pnpm.ts';
import { parseFixture, problemSummary, readFixture, summary } from './testing.ts';

test('pnpm v5: /name/version keys, `_peer` suffixes collapse, alias importer, dev/optional flags', () => {
  const f = 'pnpm/v5/pnpm-lock.yaml';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:npm/%40emotion/react@11.10.5 ${f}:19 direct=true dev=false`,
    `pkg:npm/loose-envify@1.4.0 ${f}:31 direct=false dev=false`,
    `pkg:npm/react@18.2.0 ${f}:35 direct=true dev=false`,
    `pkg:npm/string-width@4.2.3 ${f}:41 direct=true dev=false`,
    `pkg:npm/vitest@0.25.8 ${f}:45 direct=true dev=true`,
    `pkg:npm/fsevents@2.3.2 ${f}:49 direct=false dev=true optional`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:54: github.com/someone/my-fork/0a1b2c3d: not a registry package; not reported`,
  ]);
  assert.deepEqual(r.edges, [
    ['pkg:npm/%40emotion/react@11.10.5', 'pkg:npm/react@18.2.0'],
    ['pkg:npm/react@18.2.0', 'pkg:npm/loose-envify@1.4.0'],
  ]);
});

test('pnpm v6: /name@version(peer) keys, importers with link: skipped', () => {
  const f = 'pnpm/v6/pnpm-lock.yaml';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:npm/%40tanstack/query-core@5.8.3 ${f}:30 direct=false dev=false`,
    `pkg:npm/%40tanstack/react-query@5.8.4 ${f}:34 direct=true dev=false`,
    `pkg:npm/react@18.2.0 ${f}:43 direct=true dev=false`,
    `pkg:npm/typescript@5.3.3 ${f}:47 direct=true dev=true`,
  ]);
  assert.deepEqual(r.problems, []);
});

test('pnpm v9: packages + snapshots; dev computed from importers by reachability', () => {
  const f = 'pnpm/v9/pnpm-lock.yaml';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:npm/%40tanstack/query-core@5.8.3 ${f}:24 direct=false dev=false`,
    `pkg:npm/%40tanstack/react-query@5.8.4 ${f}:27 direct=true dev=false`,
    // reached from vitest (dev) too, but also from react-query (prod): production wins
    `pkg:npm/react@18.2.0 ${f}:32 direct=false dev=false`,
    `pkg:npm/string-width@4.2.3 ${f}:35 direct=true dev=false`,
    `pkg:npm/tinypool@0.8.1 ${f}:38 direct=false dev=true`,
    `pkg:npm/vitest@1.0.4 ${f}:41 direct=true dev=true`,
  ]);
  assert.equal(r.edges?.length, 4);
  assert.deepEqual(r.problems, []);
});

test('pnpm bad input', () => {
  const noVersion = pnpmLock.parse('pnpm-lock.yaml', 'packages: {}\n');
  assert.equal(noVersion.problems[0]?.message, 'pnpm-lock.yaml:1: unsupported lockfileVersion (missing)');
  const syntax = pnpmLock.parse('x/pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  a@1: [\n");
  assert.equal(syntax.problems[0]?.kind, 'syntax');
  assert.match(syntax.problems[0]?.message ?? '', /^x\/pnpm-lock.yaml:\d+: not valid YAML/);
  const deep = pnpmLock.parse('pnpm-lock.yaml', `a: ${'['.repeat(5000)}`);
  assert.equal(deep.problems[0]?.kind, 'too-deep');
  const scalarPackages = pnpmLock.parse(
    'pnpm-lock.yaml',
    "lockfileVersion: '6.0'\npackages: 3\nimporters: [1]\n",
  );
  assert.deepEqual(scalarPackages, { packages: [], problems: [] });
});

test('pnpm: files outside the fast YAML subset go through the full YAML parser with the same result', () => {
  for (const f of ['pnpm/v5/pnpm-lock.yaml', 'pnpm/v6/pnpm-lock.yaml', 'pnpm/v9/pnpm-lock.yaml']) {
    const text = readFixture(f);
    // `---` (a document marker) and an anchor are valid YAML the fast reader declines.
    for (const variant of [`---\n${text}`, text.replace('settings:', 'settings: &s')]) {
      const fast = pnpmLock.parse(f, text);
      const full = pnpmLock.parse(f, variant);
      const shift = variant.startsWith('---') ? 1 : 0;
      assert.deepEqual(
        summary(full.packages),
        summary(fast.packages).map((s) => s.replace(/:(\d+) /, (_, n: string) => `:${Number(n) + shift} `)),
        f,
      );
    }
  }
});

test('pnpm v6: a package without a `dev` field (used by both) follows reachability: production', () => {
  const text = [
    "lockfileVersion: '6.0'",
    'dependencies:',
    '  a:',
    '    specifier: ^1',
    '    version: 1.0.0',
    'devDependencies:',
    '  b:',
    '    specifier: ^1',
    '    version: 1.0.0',
    'packages:',
    '  /a@1.0.0:',
    '    dependencies:',
    '      shared: 2.0.0',
    '    dev: false',
    '  /b@1.0.0:',
    '    dependencies:',
    '      shared: 2.0.0',
    '    dev: true',
    '  /shared@2.0.0:',
    '    resolution: {integrity: sha512-x}',
    '',
  ].join('\n');
  assert.deepEqual(summary(pnpmLock.parse('pnpm-lock.yaml', text).packages), [
    'pkg:npm/a@1.0.0 pnpm-lock.yaml:11 direct=true dev=false',
    'pkg:npm/b@1.0.0 pnpm-lock.yaml:15 direct=true dev=true',
    'pkg:npm/shared@2.0.0 pnpm-lock.yaml:19 direct=false dev=false',
  ]);
});

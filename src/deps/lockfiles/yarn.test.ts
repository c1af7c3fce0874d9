import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFixture, problemSummary, summary } from './testing.ts';
import { yarnLock } from './yarn.ts';

test('yarn.lock v1: multi-specifier and quoted keys, npm: alias, git and file entries skipped, edges', () => {
  const f = 'yarn/v1/yarn.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:npm/%40babel/code-frame@7.22.13 ${f}:5 direct=undefined dev=undefined`,
    `pkg:npm/%40babel/highlight@7.22.20 ${f}:13 direct=undefined dev=undefined`,
    `pkg:npm/chalk@2.4.2 ${f}:18 direct=undefined dev=undefined`,
    `pkg:npm/chalk@5.3.0 ${f}:23 direct=undefined dev=undefined`,
    `pkg:npm/lodash@4.17.21 ${f}:27 direct=undefined dev=undefined`,
    `pkg:npm/string-width@4.2.3 ${f}:31 direct=undefined dev=undefined`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:35: my-fork@github:someone/my-fork: version "0.0.0-development" is not from the registry; not reported`,
  ]);
  // `chalk "^2.4.2"` resolves through the specifier map to 2.4.2, not 5.3.0.
  assert.deepEqual(r.edges, [
    ['pkg:npm/%40babel/code-frame@7.22.13', 'pkg:npm/%40babel/highlight@7.22.20'],
    ['pkg:npm/%40babel/code-frame@7.22.13', 'pkg:npm/chalk@2.4.2'],
  ]);
});

test('yarn.lock berry: resolution wins, patch: collapses onto its npm package, workspace deps are direct', () => {
  const f = 'yarn/berry/yarn.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:npm/%40types/node@20.10.5 ${f}:8 direct=true dev=undefined`,
    `pkg:npm/resolve@1.22.8 ${f}:17 direct=true dev=undefined`,
    `pkg:npm/string-width@4.2.3 ${f}:29 direct=true dev=undefined`,
    `pkg:npm/undici-types@5.26.5 ${f}:35 direct=false dev=undefined`,
  ]);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]?.kind, 'non-registry');
  assert.equal(r.problems[0]?.line, 41);
  assert.deepEqual(r.edges, [['pkg:npm/%40types/node@20.10.5', 'pkg:npm/undici-types@5.26.5']]);
});

test('yarn.lock bad input: unreadable headers and entries without version are problems with lines', () => {
  const r = yarnLock.parse(
    'yarn.lock',
    'not a header\n  version "1"\n"unterminated:\nok@^1:\n  resolved "x"\ngood@^2:\n  version "2.0.0"\n',
  );
  assert.deepEqual(summary(r.packages), ['pkg:npm/good@2.0.0 yarn.lock:6 direct=undefined dev=undefined']);
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.line]),
    [
      ['syntax', 1],
      ['syntax', 3],
      ['invalid-entry', 4],
    ],
  );
  assert.deepEqual(yarnLock.parse('yarn.lock', '').packages, []);
});

test('yarn berry: a malformed %-escape in a patch resolution is a notice, not a crash (found by fuzzing)', () => {
  const r = yarnLock.parse(
    'yarn.lock',
    '__metadata:\n  version: 8\n\n"a@patch:a@npm%3A1#x":\n  version: 1.0.0\n  resolution: "a@patch:a@npm% 3A1.0.0#x"\n',
  );
  assert.deepEqual(r.packages, []);
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.line]),
    [['non-registry', 4]],
  );
});

const BERRY_CHECKSUM =
  '10c0/094574e2361a9a250ec93c4256f1bafed1843cb1c77f9d5af076b1f0c4b5036b394efe19135bcb5da32574cbe31aad66f77b20801ebc34aec9f2cb51cfcff9c2';

test('yarn berry checksum: carried as written as a manager digest, never as a hash of the tarball', () => {
  const r = parseFixture('yarn/berry/yarn.lock');
  const node = r.packages.find((p) => p.name === '@types/node');
  assert.deepEqual(node?.managerDigests, [{ kind: 'yarn-checksum', value: BERRY_CHECKSUM }]);
  assert.equal(node?.hashes, undefined);
  // entries without a checksum line carry nothing
  assert.equal(r.packages.find((p) => p.name === 'resolve')?.managerDigests, undefined);
});

test('yarn berry checksum: Yarn 2/3 bare hex is accepted; malformed values are errors naming line and entry', () => {
  const hex = 'ab'.repeat(64);
  const entry = (name: string, checksum: string) =>
    `"${name}@npm:^1.0.0":\n  version: 1.0.0\n  resolution: "${name}@npm:1.0.0"\n  checksum: ${checksum}\n  languageName: node\n  linkType: hard\n\n`;
  const text = `__metadata:\n  version: 6\n  cacheKey: 8\n\n${[
    entry('bare', hex),
    entry('short', '10c0/abc'),
    entry('badkey', `10c0x/${hex}`),
    entry('sri', `sha512-${Buffer.from(hex, 'hex').toString('base64')}`),
    entry('upper', hex.toUpperCase()),
  ].join('')}`;
  const r = yarnLock.parse('yarn.lock', text);
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.managerDigests?.[0]?.value]),
    [
      ['bare', hex],
      ['short', undefined],
      ['badkey', undefined],
      ['sri', undefined],
      ['upper', hex.toUpperCase()],
    ],
  );
  assert.deepEqual(
    problemSummary(r).map((s) => s.slice(0, 121)),
    [
      'error invalid-digest yarn.lock:12: short@npm:^1.0.0: checksum "10c0/abc" is not [cacheKey/]<128 hex digits>; not recorded',
      `error invalid-digest yarn.lock:19: badkey@npm:^1.0.0: checksum "10c0x/${hex}`.slice(0, 121),
      `error invalid-digest yarn.lock:26: sri@npm:^1.0.0: checksum "sha512-${'q6ur'.repeat(20)}`.slice(
        0,
        121,
      ),
    ],
  );
  assert.match(problemSummary(r)[2] ?? '', /" is not \[cacheKey\/\]<128 hex digits>; not recorded$/);
});

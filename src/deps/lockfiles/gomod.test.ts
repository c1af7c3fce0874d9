import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goMod } from './gomod.ts';
import { parseFixture, problemSummary, readFixture, summary } from './testing.ts';

test('go.mod: require blocks and lines, // indirect, replace (module and local path), exclude', () => {
  const f = 'go/go.mod';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:golang/github.com/gin-gonic/gin@v1.9.1 ${f}:8 direct=true dev=undefined`,
    `pkg:golang/golang.org/x/crypto@v0.14.0 ${f}:9 direct=false dev=undefined`,
    `pkg:golang/github.com/new/module@v1.1.0 ${f}:10 direct=true dev=undefined`,
    `pkg:golang/gopkg.in/yaml.v3@v3.0.1 ${f}:13 direct=false dev=undefined`,
    `pkg:golang/github.com/pseudo/dep@v0.0.0-20231010123456-abcdef123456 ${f}:14 direct=false dev=undefined`,
    `pkg:golang/github.com/stretchr/testify@v1.8.4 ${f}:17 direct=true dev=undefined`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:11: github.com/local/fork: replaced by local path ../fork; not reported`,
    `notice unresolved ${f}:12: github.com/bad/version@v1.2.0 is excluded; not reported`,
    // parseFixture gives a reader, so the go.sum beside it is cross-checked
    `notice unresolved ${f}:14: github.com/pseudo/dep@v0.0.0-20231010123456-abcdef123456 has no go.sum line (run go mod tidy)`,
  ]);
});

test('go.mod: a version-specific replace applies only to that version; quoted paths', () => {
  const r = goMod.parse(
    'go.mod',
    'module m\nrequire "example.com/a" v1.0.0\nrequire example.com/b v2.0.0\nreplace example.com/b v1.0.0 => example.com/c v1.0.1\n',
  );
  assert.deepEqual(
    r.packages.map((p) => p.purl),
    ['pkg:golang/example.com/a@v1.0.0', 'pkg:golang/example.com/b@v2.0.0'],
  );
});

test('go.mod bad input', () => {
  const r = goMod.parse('go.mod', 'require (\n  only-a-path\n  x.io/y 1.0.0\n  x.io/z v1.0.0\nreplace =>\n');
  assert.deepEqual(
    r.packages.map((p) => p.purl),
    ['pkg:golang/x.io/z@v1.0.0'],
  );
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.line]),
    [
      ['syntax', undefined],
      ['invalid-entry', 2],
      ['invalid-entry', 3],
      // still inside the unclosed block, so read as a require line
      ['invalid-entry', 5],
    ],
  );
});

test('go.mod + go.sum: required modules without a go.sum line are noted (only when a reader is given)', () => {
  const text = readFixture('go/go.mod');
  const sum = readFixture('go/go.sum');
  const withSum = goMod.parse('go/go.mod', text, { readFile: (p) => (p === 'go/go.sum' ? sum : undefined) });
  assert.deepEqual(
    withSum.problems.filter((p) => p.message.includes('go.sum')).map((p) => p.message),
    [
      'go/go.mod:14: github.com/pseudo/dep@v0.0.0-20231010123456-abcdef123456 has no go.sum line (run go mod tidy)',
    ],
  );
  assert.equal(withSum.packages.length, 6);
  const withoutReader = goMod.parse('go/go.mod', text);
  assert.equal(withoutReader.problems.filter((p) => p.message.includes('go.sum')).length, 0);
  assert.deepEqual(summary(withoutReader.packages), summary(withSum.packages));
});

test('go.sum h1: the module line (not its /go.mod line) is carried as a manager digest, never as a hash', () => {
  const r = parseFixture('go/go.mod');
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.managerDigests, p.hashes]),
    [
      [
        'github.com/gin-gonic/gin',
        [{ kind: 'go-h1', value: 'h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=' }],
        undefined,
      ],
      [
        'golang.org/x/crypto',
        [{ kind: 'go-h1', value: 'h1:wBqGXzWJW6m1XrIKlAH0Hs1JJ7+9KBwnIO8v66Q9cHc=' }],
        undefined,
      ],
      // the replacement has only a /go.mod line (a hash of its go.mod file, not of the module)
      ['github.com/new/module', undefined, undefined],
      [
        'gopkg.in/yaml.v3',
        [{ kind: 'go-h1', value: 'h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=' }],
        undefined,
      ],
      ['github.com/pseudo/dep', undefined, undefined],
      [
        'github.com/stretchr/testify',
        [{ kind: 'go-h1', value: 'h1:CcVxjf3Q8PM0mHUKJCdn+eZZtm5yQwehR5yeSVQQcUk=' }],
        undefined,
      ],
    ],
  );
  // without a reader there is no go.sum, so no digest
  assert.equal(
    goMod.parse('go/go.mod', readFixture('go/go.mod')).packages.some((p) => p.managerDigests),
    false,
  );
});

test('go.sum h1: malformed hashes are errors at their go.sum line, naming the module; not recorded', () => {
  const mod = 'module m\nrequire (\n  a.io/x v1.0.0\n  a.io/y v1.0.0\n  a.io/z v1.0.0\n  a.io/ok v1.0.0\n)\n';
  const sum = [
    'a.io/x v1.0.0 h1:short=',
    'a.io/y v1.0.0 h2:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=',
    'a.io/z v1.0.0 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg', // no padding: 43 characters
    'a.io/ok v1.0.0/go.mod h1:not-a-hash',
    'a.io/ok v1.0.0 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=',
    'unrelated.io/m v1.0.0 h1:garbage',
  ].join('\n');
  const r = goMod.parse('svc/go.mod', mod, { readFile: (p) => (p === 'svc/go.sum' ? sum : undefined) });
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.managerDigests?.[0]?.value]),
    [
      ['a.io/x', undefined],
      ['a.io/y', undefined],
      ['a.io/z', undefined],
      ['a.io/ok', 'h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg='],
    ],
  );
  // only the modules go.mod requires are checked: a stray go.sum line is not this file's business
  assert.deepEqual(problemSummary(r), [
    'error invalid-digest svc/go.sum:1: a.io/x@v1.0.0: hash "h1:short=" is not h1: followed by a base64 SHA-256; not recorded',
    'error invalid-digest svc/go.sum:2: a.io/y@v1.0.0: hash "h2:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=" is not an h1: hash; not recorded',
    'error invalid-digest svc/go.sum:3: a.io/z@v1.0.0: hash "h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg" is not h1: followed by a base64 SHA-256; not recorded',
  ]);
});

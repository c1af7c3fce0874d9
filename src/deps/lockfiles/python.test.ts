import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pdmLock } from './pdm.ts';
import { pipfileLock } from './pipfile.ts';
import { poetryLock } from './poetry.ts';
import { parseFixture, problemSummary, readFixture, summary } from './testing.ts';
import { uvLock } from './uv.ts';

test('poetry.lock (category): dev from category, directory source skipped, PEP 503 purls', () => {
  const f = 'python/poetry/poetry.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:pypi/certifi@2023.11.17 ${f}:3 direct=undefined dev=false`,
    `pkg:pypi/pytest@7.4.3 ${f}:14 direct=undefined dev=true`,
    `pkg:pypi/typing-extensions@4.8.0 ${f}:25 direct=undefined dev=false`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:33: my-lib: directory source; not reported`,
  ]);
});

test('poetry.lock (Poetry 2 groups): a package outside "main" is dev', () => {
  const f = 'python/poetry/groups.poetry.lock';
  const r = poetryLock.parse(f, readFixture(f));
  assert.deepEqual(summary(r.packages), [
    `pkg:pypi/black@24.1.0 ${f}:2 direct=undefined dev=true`,
    `pkg:pypi/idna@3.6 ${f}:10 direct=undefined dev=false`,
  ]);
});

test('Pipfile.lock: default vs develop (production wins when in both), path entries noted', () => {
  const f = 'python/pipfile/Pipfile.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:pypi/requests@2.31.0 ${f}:9 direct=undefined dev=false`,
    `pkg:pypi/pytest@7.4.3 ${f}:21 direct=undefined dev=true`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:15: my-lib: no "version" (path, git or editable); not reported`,
  ]);
  const ranged = pipfileLock.parse(
    'Pipfile.lock',
    '{"default": {"a": {"version": ">=1"}, "b": {"version": "*"}}}',
  );
  assert.deepEqual(
    ranged.problems.map((p) => p.kind),
    ['unpinned', 'unpinned'],
  );
});

test('uv.lock: the editable project gives direct and dev roots; git sources skipped', () => {
  const f = 'python/uv/uv.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:pypi/anyio@4.2.0 ${f}:4 direct=true dev=false`,
    `pkg:pypi/idna@3.6 ${f}:14 direct=false dev=false`,
    `pkg:pypi/iniconfig@2.0.0 ${f}:19 direct=false dev=true`,
    `pkg:pypi/pytest@7.4.4 ${f}:37 direct=true dev=true`,
    `pkg:pypi/sniffio@1.3.0 ${f}:45 direct=false dev=false`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:50: vendored: path, git or URL source; not reported`,
  ]);
});

test('pdm.lock: groups, path packages skipped', () => {
  const f = 'python/pdm/pdm.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:pypi/click@8.1.7 ${f}:10 direct=undefined dev=false`,
    `pkg:pypi/coverage@7.3.2 ${f}:20 direct=undefined dev=true`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:26: mylib: editable, path, git or URL package; not reported`,
  ]);
});

test('Python lockfiles: bad TOML/JSON and bad entries are problems', () => {
  for (const parser of [poetryLock, uvLock, pdmLock]) {
    const r = parser.parse('x.lock', '[[package]]\nname = "a"\nversion = ');
    assert.equal(r.problems[0]?.kind, 'syntax', parser.name);
    assert.match(r.problems[0]?.message ?? '', /^x\.lock:3: not valid TOML/);
    const noName = parser.parse('x.lock', '[[package]]\nversion = "1"\n');
    assert.equal(noName.problems[0]?.kind, 'invalid-entry', parser.name);
    assert.equal(noName.problems[0]?.line, 1, parser.name);
  }
  assert.equal(pipfileLock.parse('Pipfile.lock', '{').problems[0]?.kind, 'syntax');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Collector, devByReachability, MAX_PROBLEMS } from './collector.ts';

test('collector: same name@version merges flags (direct wins, production wins) and keeps the first line', () => {
  const c = new Collector('f', 'PyPI', true);
  c.add({ name: 'Django', version: '4.2.7', line: 3, direct: false, dev: true });
  c.add({ name: 'django', version: '4.2.7', line: 9, direct: true, dev: false });
  c.add({ name: 'django', version: '4.2.8', line: 12 });
  const r = c.result();
  assert.deepEqual(
    r.packages.map((p) => [p.purl, p.location.line, p.direct, p.dev]),
    [
      ['pkg:pypi/django@4.2.7', 3, true, false],
      ['pkg:pypi/django@4.2.8', 12, undefined, undefined],
    ],
  );
});

test('collector: problems are capped with one closing count', () => {
  const c = new Collector('f', 'npm');
  for (let i = 0; i < MAX_PROBLEMS + 5; i++) c.problem('notice', 'unpinned', 'x', { line: i + 1 });
  const r = c.result();
  assert.equal(r.problems.length, MAX_PROBLEMS + 1);
  assert.equal(r.problems.at(-1)?.message, 'f: 5 more problems not listed');
  assert.equal(r.problems[0]?.code, undefined, 'notices carry no error code');
  const d = new Collector('g', 'npm');
  d.problem('error', 'syntax', 'bad', { line: 2 });
  d.problem('error', 'too-large', 'big');
  assert.deepEqual(
    d.result().problems.map((p) => [p.code, p.message]),
    [
      ['E_PARSE', 'g:2: bad'],
      ['E_INPUT_TOO_LARGE', 'g: big'],
    ],
  );
});

test('devByReachability: production reachability wins; cycles terminate', () => {
  const g: Record<string, string[]> = { a: ['b'], b: ['c', 'a'], d: ['c', 'e'], e: ['d'] };
  const dev = devByReachability(['a'], ['d'], (k) => g[k] ?? []);
  assert.deepEqual(Object.fromEntries(dev), { a: false, b: false, c: false, d: true, e: true });
});

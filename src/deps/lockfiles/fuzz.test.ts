import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LOCKFILE_PARSERS } from './registry.ts';
import { readFixture } from './testing.ts';
import type { LockfileParser, ParseResult } from './types.ts';

/** One valid fixture per parser, the seed for mutations. */
const SEEDS: Record<string, string> = {
  'package-lock': 'npm/v3/package-lock.json',
  yarn: 'yarn/v1/yarn.lock',
  pnpm: 'pnpm/v9/pnpm-lock.yaml',
  bun: 'bun/bun.lock',
  requirements: 'python/requirements/requirements.txt',
  poetry: 'python/poetry/poetry.lock',
  pipfile: 'python/pipfile/Pipfile.lock',
  uv: 'python/uv/uv.lock',
  pdm: 'python/pdm/pdm.lock',
  'go.mod': 'go/go.mod',
  cargo: 'cargo/Cargo.lock',
  gemfile: 'ruby/Gemfile.lock',
  composer: 'composer/composer.lock',
  pom: 'maven/pom.xml',
  gradle: 'gradle/gradle.lockfile',
  nuget: 'nuget/packages.lock.json',
};
const EXTRA_SEEDS: Record<string, string[]> = {
  yarn: ['yarn/berry/yarn.lock'],
  pnpm: ['pnpm/v5/pnpm-lock.yaml', 'pnpm/v6/pnpm-lock.yaml'],
  'package-lock': ['npm/v1/package-lock.json'],
  requirements: ['python/requirements/hashed-requirements.txt'],
};

/** Fails on a throw, an `internal` problem (a caught bug) or a slow parse. */
function check(parser: LockfileParser, text: string): void {
  const started = performance.now();
  let result: ParseResult;
  try {
    result = parser.parse('fuzz/lockfile', text, { readFile: () => text });
  } catch (error) {
    assert.fail(`${parser.name} threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
  const internal = result.problems.find((p) => p.kind === 'internal');
  assert.equal(
    internal,
    undefined,
    `${parser.name}: ${internal?.message} on ${JSON.stringify(text.slice(0, 200))}`,
  );
  for (const p of result.packages) {
    assert.equal(typeof p.version, 'string');
    assert.ok(p.purl.startsWith('pkg:'), p.purl);
    assert.ok(
      Number.isInteger(p.location.line) && p.location.line >= 1,
      `${parser.name} line ${p.location.line}`,
    );
  }
  assert.ok(performance.now() - started < 10_000, `${parser.name} took too long`);
}

/** Mutations of a valid file: deletions, insertions of syntax characters, duplicated slices. */
function mutated(seed: string): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat({ max: seed.length }),
    fc.nat({ max: 40 }),
    fc.oneof(
      fc.constantFrom(
        '',
        '{',
        '}',
        '[',
        ']',
        '"',
        "'",
        ':',
        ',',
        '\n',
        '  ',
        '#',
        '(',
        ')',
        '@',
        '/',
        '=',
        '\\',
        '\u0000',
        '${x}',
        '<',
        '>',
        '-r x',
      ),
      fc.string({ maxLength: 8 }),
    ),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let s = seed;
    for (const [at, del, ins] of edits) {
      const i = Math.min(at, s.length);
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s;
  });
}

for (const parser of LOCKFILE_PARSERS) {
  test(`${parser.name}: random text never throws`, () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })),
        (t) => check(parser, t),
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });
  test(`${parser.name}: mutated valid files never throw`, () => {
    const seedPath = SEEDS[parser.name];
    assert.ok(seedPath, `no fuzz seed for ${parser.name}`);
    const seeds = [seedPath, ...(EXTRA_SEEDS[parser.name] ?? [])].map(readFixture);
    fc.assert(
      fc.property(fc.constantFrom(...seeds).chain(mutated), (t) => check(parser, t)),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });
}

test('go.mod: a mutated or random go.sum beside a valid go.mod never throws (its h1: hashes are read)', () => {
  const goMod = LOCKFILE_PARSERS.find((p) => p.name === 'go.mod');
  assert.ok(goMod);
  const mod = readFixture('go/go.mod');
  const sum = fc.oneof(mutated(readFixture('go/go.sum')), fc.string({ unit: 'binary', maxLength: 300 }));
  fc.assert(
    fc.property(sum, (s) => {
      const r = goMod.parse('go.mod', mod, { readFile: (p) => (p === 'go.sum' ? s : undefined) });
      assert.equal(
        r.problems.find((p) => p.kind === 'internal'),
        undefined,
      );
      for (const p of r.packages)
        for (const d of p.managerDigests ?? []) assert.match(d.value, /^h1:[A-Za-z0-9+/]{43}=$/);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
  );
});

test('hostile nesting and sizes are refused with a problem, not a crash', () => {
  const deepJson = `${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}`;
  const deepYaml = `${Array.from({ length: 400 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n')}\n`;
  for (const parser of LOCKFILE_PARSERS) {
    check(parser, deepJson);
    check(parser, deepYaml);
    check(parser, '\n'.repeat(200000));
  }
});

test('pathological repetition stays linear (1 MB inputs: linear parsers take well under a second, quadratic ones half a minute or more; 10 s leaves room for a loaded machine)', () => {
  const big = (unit: string) => unit.repeat(Math.ceil(1_000_000 / unit.length));
  const inputs = [
    big('<build'),
    big('<!--'),
    big('a'),
    big('"'),
    big('['),
    big(' \\\n'),
    big('a@'),
    big('  x:\n'),
    big('- '),
    `a==1${big(' --hash ')}`,
    `a==1 --hash=${big('sha256:')}`,
  ];
  for (const parser of LOCKFILE_PARSERS) {
    for (const t of inputs) {
      const started = performance.now();
      check(parser, t);
      assert.ok(
        performance.now() - started < 10_000,
        `${parser.name} slow on ${JSON.stringify(t.slice(0, 12))}`,
      );
    }
  }
});

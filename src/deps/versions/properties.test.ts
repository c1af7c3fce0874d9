import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { VersionError } from './errors.ts';
import { fixtureVersions } from './fixtures.ts';
import { compareVersions, isValidVersion, VERSION_ECOSYSTEMS, type VersionEcosystem } from './registry.ts';
import { MAX_VERSION_LENGTH } from './scheme.ts';

/** Pieces each ecosystem's versions are made of, to build random but mostly valid versions. */
const TOKENS: Record<VersionEcosystem, readonly string[]> = {
  npm: [
    '0',
    '1',
    '2',
    '10',
    '01',
    '9007199254740993',
    '.',
    '.',
    '-',
    '+',
    'alpha',
    'beta',
    'rc',
    'A',
    '-x',
    'v',
  ],
  PyPI: [
    '0',
    '1',
    '2',
    '10',
    '01',
    '.',
    '.',
    '!',
    'a',
    'b',
    'rc',
    'c',
    'pre',
    'post',
    'dev',
    'r',
    '-',
    '_',
    '+',
    'v',
    'local',
  ],
  Maven: [
    '0',
    '1',
    '2',
    '10',
    '00',
    '.',
    '.',
    '-',
    '-',
    'alpha',
    'a',
    'b',
    'm',
    'rc',
    'cr',
    'snapshot',
    'ga',
    'final',
    'release',
    'sp',
    'foo',
    'x',
  ],
  Go: [
    'v',
    '0',
    '1',
    '2',
    '10',
    '.',
    '.',
    '-',
    '+',
    'incompatible',
    '20191109021931',
    'daa7c04131f5',
    'pre',
    'rc',
  ],
  'crates.io': ['0', '1', '2', '10', '.', '.', '-', '+', 'alpha', 'beta', 'rc', 'A'],
  RubyGems: ['0', '1', '2', '10', '01', '.', '.', '-', 'a', 'b', 'pre', 'rc', 'A', 'Z'],
  Packagist: [
    'v',
    '0',
    '1',
    '2',
    '10',
    '.',
    '.',
    '-',
    '_',
    'alpha',
    'a',
    'beta',
    'b',
    'RC',
    'rc',
    'patch',
    'pl',
    'p',
    'dev',
    'stable',
    'x',
    '+b',
  ],
  NuGet: ['0', '1', '2', '10', '01', '2147483648', '.', '.', '-', '+', 'alpha', 'ALPHA', 'Beta', 'rc'],
  Debian: ['0', '1', '2', '10', '01', ':', '.', '.', '-', '~', '+', 'a', 'b', 'A', 'ubuntu', 'deb'],
  Alpine: [
    '0',
    '1',
    '2',
    '10',
    '01',
    '.',
    '.',
    'a',
    'z',
    '_alpha',
    '_beta',
    '_pre',
    '_rc',
    '_cvs',
    '_git',
    '_p',
    '-r',
  ],
  'Red Hat': ['0', '1', '2', '10', '01', ':', '.', '.', '-', '~', '^', '_', 'a', 'A', 'el', 'git'],
};

/** RAMPART_FC_RUNS=5000 for a deeper local run; the default keeps the suite fast. */
const RUNS = Number(process.env.RAMPART_FC_RUNS ?? 300);

/**
 * Maven's ComparableVersion is not transitive on unconventional strings (see the cycle test
 * below), so Maven's order properties are checked on conventional versions: a dotted numeric
 * core then `-`/`.` qualifiers with optional numbers, as Maven Central publishes them.
 */
function mavenVersions(): fc.Arbitrary<string> {
  const core = fc
    .array(fc.constantFrom('0', '1', '2', '10', '01'), { minLength: 1, maxLength: 4 })
    .map((p) => p.join('.'));
  const qualifier = fc.tuple(
    fc.constantFrom('-', '.'),
    fc.constantFrom(
      'alpha',
      'a',
      'beta',
      'b',
      'm',
      'milestone',
      'rc',
      'cr',
      'snapshot',
      'ga',
      'final',
      'release',
      'sp',
      'jre',
      'Final',
      'RC',
      '',
    ),
    fc.constantFrom('', '1', '2', '10', '0'),
  );
  // One qualifier: stacked ones after `sp` hit a corner where ComparableVersion itself is not
  // transitive (2.10.sp-alpha < 2.10-alpha < 2.10 < 2.10.sp-alpha, see below).
  return fc
    .tuple(fc.constantFrom('1', '2', '10'), core, fc.array(qualifier, { maxLength: 1 }))
    .map(
      ([lead, rest, qs]) =>
        `${lead}.${rest}${qs.map(([sep, q, n]) => (q === '' && n === '' ? '' : sep + q + n)).join('')}`,
    )
    .filter((v) => isValidVersion('Maven', v));
}

function versions(ecosystem: VersionEcosystem): fc.Arbitrary<string> {
  if (ecosystem === 'Maven') return mavenVersions();
  const known = fixtureVersions(ecosystem);
  const tokens = TOKENS[ecosystem];
  const built = fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 10 }).map((t) => t.join(''));
  // A known version with a few tokens appended or spliced in: near neighbours find order bugs.
  const mutated = fc
    .tuple(fc.constantFrom(...known), fc.array(fc.constantFrom(...tokens), { maxLength: 3 }), fc.nat())
    .map(([v, extra, at]) => {
      const cut = at % (v.length + 1);
      return v.slice(0, cut) + extra.join('') + v.slice(cut);
    });
  return fc
    .oneof(
      { arbitrary: fc.constantFrom(...known), weight: 3 },
      { arbitrary: mutated, weight: 3 },
      { arbitrary: built, weight: 2 },
    )
    .filter((v) => isValidVersion(ecosystem, v));
}

const sign = (n: number): number => Math.sign(n) + 0;

for (const ecosystem of VERSION_ECOSYSTEMS) {
  describe(`${ecosystem} order is a total preorder`, () => {
    const arb = versions(ecosystem);
    const cmp = (a: string, b: string): number => compareVersions(ecosystem, a, b);

    it('reflexivity: every valid version equals itself', () => {
      fc.assert(
        fc.property(arb, (v) => cmp(v, v) === 0),
        { numRuns: RUNS },
      );
    });

    it('antisymmetry: compare(a, b) = -compare(b, a)', () => {
      fc.assert(
        fc.property(arb, arb, (a, b) => sign(cmp(a, b)) === -sign(cmp(b, a))),
        { numRuns: RUNS },
      );
    });

    it('transitivity on random triples (<=, and = as an equivalence)', () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) => {
          const ab = cmp(a, b);
          const bc = cmp(b, c);
          const ac = cmp(a, c);
          if (ab <= 0 && bc <= 0) assert.ok(ac <= 0, `${a} <= ${b} <= ${c} but ${a} > ${c}`);
          if (ab >= 0 && bc >= 0) assert.ok(ac >= 0, `${a} >= ${b} >= ${c} but ${a} < ${c}`);
          if (ab === 0 && bc === 0) assert.equal(ac, 0, `${a} = ${b} = ${c} but ${a} != ${c}`);
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it('sort stability: any input order sorts to the same sequence', () => {
      fc.assert(
        fc.property(fc.array(arb, { minLength: 2, maxLength: 12 }), fc.nat(), (list, seed) => {
          const shuffled = [...list].sort(
            (x, y) => ((x.length * 31 + seed) % 7) - ((y.length * 31 + seed) % 7),
          );
          const one = [...list].sort(cmp);
          const two = shuffled.sort(cmp);
          for (let i = 0; i < one.length; i++) {
            assert.equal(cmp(one[i] as string, two[i] as string), 0, `position ${i}: ${one[i]} vs ${two[i]}`);
            if (i > 0) assert.ok(cmp(one[i - 1] as string, one[i] as string) <= 0);
          }
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
    });

    it('arbitrary strings: a result, or a VersionError naming the ecosystem and the version', () => {
      const text = fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc
          .array(fc.constantFrom(...TOKENS[ecosystem], ' ', '\n', '\u0000', 'é', '٣'), { maxLength: 20 })
          .map((t) => t.join('')),
      );
      fc.assert(
        fc.property(text, text, (a, b) => {
          try {
            const c = compareVersions(ecosystem, a, b);
            assert.ok(c === -1 || c === 0 || c === 1);
            assert.ok(isValidVersion(ecosystem, a) && isValidVersion(ecosystem, b));
          } catch (error) {
            assert.ok(error instanceof VersionError, `not a VersionError: ${String(error)}`);
            assert.equal(error.code, 'E_VERSION');
            assert.equal(error.ecosystem, ecosystem);
            assert.ok(error.version === a || error.version === b);
            assert.ok(!isValidVersion(ecosystem, error.version as string));
          }
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it(`hostile input is bounded: long runs are rejected or ordered fast (limit ${MAX_VERSION_LENGTH} chars)`, () => {
      const inputs = [
        `${'1.'.repeat(511)}1`,
        `${'1-'.repeat(511)}1`,
        '0'.repeat(1024),
        `1.0.0-${'a-'.repeat(500)}x!`,
        `1.0.0-beta${'1'.repeat(1000)}x`,
        `1${' '.repeat(1000)}x`,
        `1.0+${'a.'.repeat(500)}!`,
        '9'.repeat(100_000),
        '1.'.repeat(100_000),
      ];
      for (const input of inputs) {
        const started = performance.now();
        try {
          compareVersions(ecosystem, input, input);
        } catch (error) {
          assert.ok(error instanceof VersionError, `${ecosystem}: not a VersionError: ${String(error)}`);
        }
        const elapsed = performance.now() - started;
        assert.ok(elapsed < 250, `${ecosystem}: ${input.slice(0, 20)}… took ${elapsed.toFixed(0)} ms`);
      }
      assert.equal(isValidVersion(ecosystem, '1'.repeat(MAX_VERSION_LENGTH + 1)), false);
    });
  });
}

describe('Maven ComparableVersion quirks reproduced as Maven answers them', () => {
  // Both cycles are what maven-artifact 3.9.6 answers (differential.test.ts checks against it).
  it('is not transitive on unconventional strings: 0b0.1 > x0 > 0 > 0b0.1', () => {
    // 0b0.1 parses to [[beta, [0, 1]]], x0 to [x], 0 to []: a sub-list beats a string by type,
    // while a missing item is compared by content.
    assert.equal(compareVersions('Maven', '0b0.1', 'x0'), 1);
    assert.equal(compareVersions('Maven', 'x0', '0'), 1);
    assert.equal(compareVersions('Maven', '0', '0b0.1'), 1);
  });

  it('is not transitive on a stacked qualifier: 2.10.sp-alpha < 2.10-alpha < 2.10 < 2.10.sp-alpha', () => {
    // [2, 10, sp, [alpha]] vs [2, 10, [alpha]]: the string `sp` loses to a sub-list by type; vs
    // [2, 10] it is compared with "nothing" by content, and sp is above the release.
    assert.equal(compareVersions('Maven', '2.10.sp-alpha', '2.10-alpha'), -1);
    assert.equal(compareVersions('Maven', '2.10-alpha', '2.10'), -1);
    assert.equal(compareVersions('Maven', '2.10', '2.10.sp-alpha'), -1);
  });
});

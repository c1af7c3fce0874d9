/**
 * Differential tests: our version order against each ecosystem's real implementation, where it
 * is installed (skipped with the reason otherwise): dpkg for Debian, maven-artifact's
 * ComparableVersion for Maven, pip's `packaging` for PyPI. Pairs are every pair of the
 * hand-written vectors plus generated versions built from each scheme's tricky parts; the
 * generator seed is fixed so a run is reproducible (RAMPART_VERSION_DIFF_SEED picks another).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { chainPairs, readVectors } from './fixtures.ts';
import { dpkgOracle, mavenOracle, type OracleLookup, type Order, pep440Oracle } from './reference-impls.ts';
import { compareVersions, isValidVersion } from './registry.ts';

const SEED = Number(process.env.RAMPART_VERSION_DIFF_SEED ?? 20261127);
const GENERATED = 600;

type Pair = readonly [string, string];

function vectorPairs(ecosystem: string): Pair[] {
  return readVectors(ecosystem).flatMap((g) =>
    g.chains.flatMap((c) => chainPairs(c).map(({ a, b }) => [a, b] as const)),
  );
}

/** Pairs of generated versions; half share a prefix so the interesting suffixes meet. */
function generatedPairs(version: fc.Arbitrary<string>): Pair[] {
  const pairs = fc.oneof(
    fc.tuple(version, version),
    fc.tuple(version, version).map(([a, b]): [string, string] => [a, a + b.replace(/^[0-9]+/, '')]),
  );
  return fc.sample(pairs, { numRuns: GENERATED, seed: SEED });
}

/**
 * Compares every pair with the oracle; lists disagreements (order or validity). `known` maps
 * `a|b` to a documented, deliberate difference (docs/versions.md).
 */
function disagreements(
  ecosystem: string,
  lookup: OracleLookup,
  pairs: readonly Pair[],
  checkValidity: boolean,
): string[] {
  if (!('oracle' in lookup)) return [];
  const theirs = lookup.oracle.compare(pairs);
  assert.equal(theirs.length, pairs.length);
  const out: string[] = [];
  pairs.forEach(([a, b], i) => {
    const expected = theirs[i];
    const valid = isValidVersion(ecosystem, a) && isValidVersion(ecosystem, b);
    if (expected === undefined) {
      if (checkValidity && valid) out.push(`${a} ? ${b}: ${lookup.oracle.name} rejects, we accept`);
      return;
    }
    if (!valid) {
      if (checkValidity) out.push(`${a} ? ${b}: we reject, ${lookup.oracle.name} orders them ${expected}`);
      return;
    }
    const ours = Math.sign(compareVersions(ecosystem, a, b)) as Order;
    if (ours !== expected) out.push(`${a} vs ${b}: ours ${ours}, ${lookup.oracle.name} ${expected}`);
  });
  return out;
}

const skip = (lookup: OracleLookup) => ('missing' in lookup ? lookup.missing : false);
const title = (lookup: OracleLookup, what: string) =>
  `${what} agree with ${'oracle' in lookup ? lookup.oracle.name : 'the reference implementation'}`;

// --- Debian -----------------------------------------------------------------------------------

const debianPart = fc.stringMatching(/^[0-9]{1,3}([.+~][0-9a-z]{1,3}){0,3}$/);
const debianVersion = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    debianPart,
    fc.constantFrom('', '~rc1', '~~', '~', '+dfsg', '.0', 'a', '+b1', '~beta2+really1.0'),
    fc.option(fc.stringMatching(/^[0-9a-z]{1,3}([.+~][0-9a-z]{1,2}){0,2}$/), { nil: undefined }),
  )
  .map(([epoch, upstream, tail, revision]) => {
    const up = revision === undefined ? upstream + tail : upstream + tail.replace(/-/g, '');
    return `${epoch === undefined ? '' : `${epoch}:`}${up}${revision === undefined ? '' : `-${revision}`}`;
  });

describe('Debian order vs dpkg --compare-versions', () => {
  const lookup = dpkgOracle();
  it(title(lookup, 'the hand-written Debian vectors'), { skip: skip(lookup) }, () => {
    assert.deepEqual(disagreements('Debian', lookup, vectorPairs('Debian'), false), []);
  });
  it(title(lookup, `${GENERATED} generated Debian pairs`), { skip: skip(lookup) }, () => {
    assert.deepEqual(disagreements('Debian', lookup, generatedPairs(debianVersion), false), []);
  });
});

// --- Maven ------------------------------------------------------------------------------------

const mavenToken = fc.constantFrom(
  '0',
  '1',
  '2',
  '10',
  '00',
  '0000000000',
  '2147483648',
  'alpha',
  'a',
  'b',
  'beta',
  'm',
  'milestone',
  'rc',
  'cr',
  'snapshot',
  'SNAPSHOT',
  'ga',
  'final',
  'release',
  'sp',
  'foo',
  'x',
  'jre',
  'RC',
  'Final',
);
const mavenVersion = fc
  .array(fc.tuple(fc.constantFrom('.', '-', ''), mavenToken), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([sep, token], i) => (i === 0 ? token : sep + token)).join(''));

describe('Maven order vs maven-artifact ComparableVersion', () => {
  const lookup = mavenOracle();
  it(title(lookup, 'the hand-written Maven vectors'), { skip: skip(lookup) }, () => {
    assert.deepEqual(disagreements('Maven', lookup, vectorPairs('Maven'), false), []);
  });
  it(title(lookup, `${GENERATED} generated Maven pairs`), { skip: skip(lookup) }, () => {
    assert.deepEqual(disagreements('Maven', lookup, generatedPairs(mavenVersion), false), []);
  });
  it(title(lookup, 'the stacked-qualifier corner (2.10.sp-alpha, 2.10-alpha, 2.10)'), {
    skip: skip(lookup),
  }, () => {
    const corner = ['2.10.sp-alpha', '2.10-alpha', '2.10', '2.10.sp', '2.10-sp-alpha', '2.10.sp.alpha'];
    const pairs = corner.flatMap((a) => corner.map((b) => [a, b] as const));
    assert.deepEqual(disagreements('Maven', lookup, pairs, false), []);
  });
});

// --- PyPI -------------------------------------------------------------------------------------

const pepVersion = fc
  .tuple(
    fc.constantFrom('', '', '', '1!', '0!', 'v', 'V'),
    fc.array(fc.constantFrom('0', '1', '2', '10', '01', '00'), { minLength: 1, maxLength: 4 }),
    fc.constantFrom(
      '',
      '',
      'a',
      'a1',
      'b2',
      'rc1',
      'c1',
      '.alpha.1',
      '-beta2',
      '_pre3',
      'preview',
      'RC',
      '-rc.0',
    ),
    fc.constantFrom('', '', '.post1', '-1', '_post2', 'post', '.POST', '-post.3', '.rev1', 'r'),
    fc.constantFrom('', '', '.dev1', 'dev', '-dev2', '.DEV'),
    fc.constantFrom('', '', '+ubuntu.1', '+1', '+abc-1.2', '+local_02', '+a.b.c', '+'),
  )
  .map(([pre, release, a, post, dev, local]) => pre + release.join('.') + a + post + dev + local);

describe('PyPI order vs packaging (PEP 440)', () => {
  const lookup = pep440Oracle();
  it(title(lookup, 'the hand-written PyPI vectors'), { skip: skip(lookup) }, () => {
    assert.deepEqual(disagreements('PyPI', lookup, vectorPairs('PyPI'), true), []);
  });
  it(title(lookup, `${GENERATED} generated PEP 440 pairs, validity included`), { skip: skip(lookup) }, () => {
    assert.deepEqual(disagreements('PyPI', lookup, generatedPairs(pepVersion), true), []);
  });
});

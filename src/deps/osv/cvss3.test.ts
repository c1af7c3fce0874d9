import assert from 'node:assert/strict';
import { test } from 'node:test';
import cvss from 'ae-cvss-calculator';
import fc from 'fast-check';
import { cvss3BaseScore } from './cvss3.ts';

// Worked by hand from the v3.1 specification (section 7.1), e.g. for the first vector:
// ISS = 1 − (1−0.56)³ = 0.914816; Impact = 6.42 × ISS = 5.8731; Exploitability =
// 8.22 × 0.85 × 0.77 × 0.85 × 0.85 = 3.8870; Roundup(9.7601) = 9.8.
const VECTORS: [string, number][] = [
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
  // Scope changed: 1.08 × (6.0477 + 3.8870) = 10.73 → capped at 10.0.
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
  // Reflected XSS: ISS 0.3916; Impact 7.52 × 0.3626 − 3.25 × 0.3716¹⁵ = 2.7268; Expl 2.8353;
  // 1.08 × 5.5620 = 6.0070 → 6.1.
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
  // Local privilege escalation: 5.8731 + 8.22 × 0.55 × 0.77 × 0.62 × 0.85 (1.8345) = 7.7076 → 7.8.
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
  // 6.42 × 0.56 = 3.5952 + 8.22 × 0.85 × 0.44 × 0.85 × 0.85 (2.2212) = 5.8164 → 5.9.
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
  // No impact → 0.0 whatever the exploitability.
  ['CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N', 0],
  // PR:H weighs 0.5 when scope changes: ISS 0.525448; Impact 7.52 × 0.496448 − 3.25 × 0.505448¹⁵
  // = 3.7332; Expl 8.22 × .85 × .77 × .5 × .85 = 2.2868; 1.08 × 6.0200 = 6.5016 → 6.6.
  ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:L/A:L', 6.6],
  // Temporal metrics are allowed but leave the base score alone.
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C', 9.8],
];

test('CVSS v3 base scores of hand-computed vectors', () => {
  for (const [vector, expected] of VECTORS) assert.equal(cvss3BaseScore(vector)?.baseScore, expected, vector);
});

test('CVSS v3 rejects malformed vectors', () => {
  for (const bad of [
    '',
    'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H',
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1',
  ])
    assert.equal(cvss3BaseScore(bad), undefined, bad);
});

// Cross-check against an independent implementation over every base-metric combination class.
const pick = (values: string[]) => fc.constantFrom(...values);
test('CVSS v3.1 agrees with ae-cvss-calculator on random base vectors', () => {
  fc.assert(
    fc.property(
      pick(['N', 'A', 'L', 'P']),
      pick(['L', 'H']),
      pick(['N', 'L', 'H']),
      pick(['N', 'R']),
      pick(['U', 'C']),
      pick(['H', 'L', 'N']),
      pick(['H', 'L', 'N']),
      pick(['H', 'L', 'N']),
      (av, ac, pr, ui, s, c, i, a) => {
        const vector = `CVSS:3.1/AV:${av}/AC:${ac}/PR:${pr}/UI:${ui}/S:${s}/C:${c}/I:${i}/A:${a}`;
        const oracle = new cvss.Cvss3P1(vector).calculateScores().base;
        assert.equal(cvss3BaseScore(vector)?.baseScore, oracle, vector);
      },
    ),
    { numRuns: 500 },
  );
});

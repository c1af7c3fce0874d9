import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOsvValue } from './parse.ts';
import { advisorySeverity, cvss4BaseScore, severityFromScore } from './severity.ts';
import { osvJson, type RecordOptions } from './testing.ts';
import type { OsvRecord } from './types.ts';

function record(
  options: Omit<RecordOptions, 'affected'> & { affected?: RecordOptions['affected'] },
): OsvRecord {
  return parseOsvValue(osvJson({ affected: [], ...options }), { file: 't.json' }).record as OsvRecord;
}

test('qualitative scale boundaries', () => {
  assert.deepEqual([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityFromScore), [
    'info',
    'low',
    'low',
    'medium',
    'medium',
    'high',
    'high',
    'critical',
    'critical',
  ]);
});

test('CVSS v3 vector → computed score and level', () => {
  const s = advisorySeverity(
    record({ severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' }] }),
  );
  assert.deepEqual(s, {
    level: 'medium',
    score: 6.1,
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
    source: 'cvss-v3',
  });
});

test('CVSS v4 preferred over v3 (FIRST v4.0 example: all high, no subsequent impact = 9.3)', () => {
  const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
  const s = advisorySeverity(
    record({
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' },
        { type: 'CVSS_V4', score: v4 },
      ],
    }),
  );
  assert.equal(s.source, 'cvss-v4');
  assert.equal(s.score, 9.3);
  assert.equal(s.level, 'critical');
  assert.equal(cvss4BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N'), 0);
});

test('malformed v4 vector falls back to v3, then to the database label', () => {
  assert.equal(cvss4BaseScore('CVSS:4.0/AV:N/AC:L'), undefined);
  assert.equal(cvss4BaseScore('garbage'), undefined);
  const s = advisorySeverity(
    record({
      severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N' }],
      databaseSpecific: { severity: 'MODERATE' },
    }),
  );
  assert.deepEqual(s, { level: 'medium', source: 'database' });
  assert.equal(advisorySeverity(record({ databaseSpecific: { severity: 'CRITICAL' } })).level, 'critical');
  assert.equal(advisorySeverity(record({ databaseSpecific: { severity: 'low' } })).level, 'low');
});

test('no severity at all: medium, marked unknown', () => {
  assert.deepEqual(advisorySeverity(record({})), { level: 'medium', source: 'unknown' });
});

test('per-package vectors (affected[].severity, schema 1.5) count when the record has none', () => {
  const s = advisorySeverity(
    record({
      affected: [
        {
          package: { ecosystem: 'npm', name: 'x' },
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H' }],
        },
      ],
    }),
  );
  assert.equal(s.score, 7.8);
  assert.equal(s.source, 'cvss-v3');
});

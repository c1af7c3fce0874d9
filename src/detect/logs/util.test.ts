import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { toIso } from './util.ts';

describe('toIso (RFC 3339 fast path, Date.parse otherwise)', () => {
  it('applies offsets, truncates fractions to milliseconds, keeps canonical UTC as is', () => {
    assert.equal(toIso('2003-08-24T05:14:15.000003-07:00'), '2003-08-24T12:14:15.000Z');
    assert.equal(toIso('2024-03-01T10:00:00.123456Z'), '2024-03-01T10:00:00.123Z');
    assert.equal(toIso('2024-03-01T10:00:00.500+01:30'), '2024-03-01T08:30:00.500Z');
    assert.equal(toIso('2024-03-01T10:00:00.000Z'), '2024-03-01T10:00:00.000Z');
    assert.equal(toIso('2024-02-30T10:00:00Z'), undefined);
    assert.equal(toIso('2024-03-01T25:00:00Z'), undefined);
    assert.equal(toIso('Fri, 01 Mar 2024 10:00:00 GMT'), '2024-03-01T10:00:00.000Z');
    assert.equal(toIso(''), undefined);
  });

  it('agrees with Date.parse on every RFC 3339 timestamp with millisecond precision', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (d, off) => {
          const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 23);
          const sign = off < 0 ? '-' : '+';
          const a = Math.abs(off);
          const text = `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
          assert.equal(toIso(text), new Date(Date.parse(text)).toISOString());
        },
      ),
      { numRuns: 500 },
    );
  });
});

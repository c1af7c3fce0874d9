import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SLA, isOverdue, slaDueAt, slaPolicy } from './sla.ts';

test('SLA: defaults critical 7, high 30, medium 90, low 180 days, info none', () => {
  assert.deepEqual(DEFAULT_SLA, { critical: 7, high: 30, medium: 90, low: 180, info: null });
  assert.equal(slaDueAt(DEFAULT_SLA, 'critical', '2026-01-01T00:00:00.000Z'), '2026-01-08T00:00:00.000Z');
  assert.equal(slaDueAt(DEFAULT_SLA, 'low', '2026-01-01T00:00:00.000Z'), '2026-06-30T00:00:00.000Z');
  assert.equal(slaDueAt(DEFAULT_SLA, 'info', '2026-01-01T00:00:00.000Z'), null);
});

test('SLA: overrides are validated; overdue only for active findings past due', () => {
  assert.equal(slaPolicy({ critical: 3 }).critical, 3);
  assert.equal(slaPolicy({ info: 365 }).info, 365);
  assert.throws(() => slaPolicy({ high: -1 }), /high/);
  assert.throws(() => slaPolicy({ high: 1.5 }), /high/);
  const now = new Date('2026-02-01T00:00:00Z');
  assert.equal(isOverdue('open', '2026-01-31T00:00:00.000Z', now), true);
  assert.equal(isOverdue('waived', '2026-01-31T00:00:00.000Z', now), false);
  assert.equal(isOverdue('fixed', '2026-01-31T00:00:00.000Z', now), false);
  assert.equal(isOverdue('open', '2026-02-02T00:00:00.000Z', now), false);
  assert.equal(isOverdue('open', null, now), false);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finding, report } from '../../../test/fixtures/posture/reports.ts';
import type { Actor } from '../../posture/types.ts';
import { parseUpload } from '../../posture/upload.ts';
import { TEST_DIALECTS } from '../testing/test-stores.ts';
import { postureFixture } from './posture-testing.ts';

const CI: Actor = { id: 'token:ci', roles: ['developer'] };
const ANALYST: Actor = { id: 'person:analyst', roles: ['security'] };

for (const dialect of TEST_DIALECTS) {
  // Reads sweep first, but at most once a second and one at a time: an exception that expired
  // stands for at most a second, never longer.
  test(`${dialect}: reads sweep expired exceptions at most once a second, sharing a running sweep`, async (t) => {
    const fx = await postureFixture(t, dialect, { start: '2026-05-01T12:00:00.000Z' });
    if (!fx) return;
    await fx.service('checkout');
    await fx.posture.ingest(
      parseUpload({ service: 'checkout', report: report([finding('a'), finding('b')]) }),
      CI,
    );
    const [a, b] = (await fx.posture.list({}, { limit: 10, sort: 'severity' })).items.map((f) => f.id) as [
      string,
      string,
    ];
    const at = (ms: number) => new Date(Date.parse('2026-05-01T12:00:00.000Z') + ms);
    const status = async (id: string) => (await fx.posture.get(id)).status;

    await fx.posture.waive([a], { reason: 'r', expiresAt: at(10_000).toISOString() }, ANALYST);
    await fx.posture.sweepBeforeRead();
    assert.equal(await status(a), 'waived');
    fx.clock.now = at(10_500);
    await fx.posture.sweepBeforeRead();
    assert.equal(await status(a), 'reopened', 'expired 0.5 s ago, last read sweep 10.5 s ago');

    await fx.posture.waive([b], { reason: 'r', expiresAt: at(10_800).toISOString() }, ANALYST);
    fx.clock.now = at(11_000);
    await fx.posture.sweepBeforeRead();
    assert.equal(await status(b), 'waived', 'within a second of the last read sweep: not swept yet');
    fx.clock.now = at(11_500);
    await Promise.all(Array.from({ length: 5 }, () => fx.posture.sweepBeforeRead()));
    assert.equal(await status(b), 'reopened');
    const expired = (await fx.auditActions()).filter((action) => action === 'finding.exception-expired');
    assert.equal(expired.length, 2, 'one expiry entry per finding, however many reads swept');
  });
}

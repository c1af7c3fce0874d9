import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finding, report } from '../../../test/fixtures/posture/reports.ts';
import type { Actor } from '../../posture/types.ts';
import { parseUpload } from '../../posture/upload.ts';
import { TEST_DIALECTS } from '../testing/test-stores.ts';
import { postureFixture } from './posture-testing.ts';

const CI: Actor = { id: 'token:ci', roles: ['developer'] };
const upload = (service: string, body: Record<string, unknown>) =>
  parseUpload({ service, commit: 'abc123', branch: 'main', report: body });

for (const dialect of TEST_DIALECTS) {
  // SQLite writes the status filter as `+status` for date sorts (an index hint): same rows.
  test(`${dialect}: date-sorted lists honour the status filter`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const svc = await fx.service('checkout');
    await fx.posture.ingest(
      upload('checkout', report([finding('a'), finding('b'), finding('c', 'RMP-TF-001', 'medium')])),
      CI,
    );
    fx.clock.now = new Date(fx.clock.now.getTime() + 86_400_000);
    await fx.posture.ingest(
      upload('checkout', report([finding('a'), finding('c', 'RMP-TF-001', 'medium')])),
      CI,
    );
    for (const sort of ['due', 'newest', 'oldest'] as const) {
      const fixed = await fx.posture.list({ serviceIds: [svc], statuses: ['fixed'] }, { limit: 10, sort });
      assert.deepEqual(
        fixed.items.map((f) => f.fingerprint),
        ['b'],
        sort,
      );
      const open = await fx.posture.list(
        { serviceIds: [svc], statuses: ['open', 'new'] },
        { limit: 10, sort },
      );
      assert.deepEqual(open.items.map((f) => f.fingerprint).sort(), ['a', 'c'], sort);
      assert.ok(
        open.items.every((f) => f.status === 'open'),
        sort,
      );
    }
  });
}

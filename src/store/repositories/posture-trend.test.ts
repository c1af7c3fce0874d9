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
  // The trend reads only its window plus each service's last snapshot before it: a service last
  // scanned long before the window still counts with its latest numbers, and a later snapshot
  // inside the window replaces them.
  test(`${dialect}: trend carries each service's snapshot from before the window forward`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const other = (await fx.catalog.createTeam('web')).id;
    await fx.service('checkout');
    await fx.service('shop', other);
    fx.clock.now = new Date('2025-06-01T10:00:00Z');
    await fx.posture.ingest(
      upload('checkout', report([finding('a'), finding('b', 'RMP-TF-001', 'medium')])),
      CI,
    );
    fx.clock.now = new Date('2025-12-01T10:00:00Z');
    await fx.posture.ingest(upload('shop', report([finding('c', 'RMP-K8S-002', 'high')])), CI);
    fx.clock.now = new Date('2026-01-02T10:00:00Z');
    await fx.posture.ingest(upload('checkout', report([finding('b', 'RMP-TF-001', 'medium')])), CI);
    fx.clock.now = new Date('2026-01-03T10:00:00Z');
    const trend = await fx.posture.trend(3);
    assert.deepEqual(
      trend.map((p) => [p.day, p.open.critical, p.open.high, p.open.medium]),
      [
        ['2026-01-01', 1, 1, 1],
        ['2026-01-02', 0, 1, 1],
        ['2026-01-03', 0, 1, 1],
      ],
    );
    assert.deepEqual(
      (await fx.posture.trend(3, { teamIds: [other] })).map((p) => [p.day, p.open.high, p.open.medium]),
      [
        ['2026-01-01', 1, 0],
        ['2026-01-02', 1, 0],
        ['2026-01-03', 1, 0],
      ],
    );
  });
}

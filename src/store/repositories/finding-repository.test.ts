import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { SEVERITIES, type Severity, severityRank } from '../../core/severity.ts';
import { TEST_DIALECTS, testDatabase } from '../testing/test-stores.ts';
import { CatalogRepository } from './catalog-repository.ts';
import {
  type FindingFilter,
  FindingRepository,
  type FindingUpload,
  type StoredFinding,
} from './finding-repository.ts';

function uploads(count: number, prefix: string): FindingUpload[] {
  return Array.from({ length: count }, (_, i) => ({
    fingerprint: `${prefix}-${i}`,
    ruleId: `RULE_${i % 4}`,
    severity: SEVERITIES[(i * 7) % SEVERITIES.length] as Severity,
    title: `finding ${i}`,
    file: `k8s/${i}.yaml`,
    line: i + 1,
    data: { i },
  }));
}

async function allPages(
  repo: FindingRepository,
  filter: FindingFilter,
  limit: number,
): Promise<StoredFinding[]> {
  const seen: StoredFinding[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await repo.list(filter, { limit, ...(after ? { after } : {}) });
    assert.ok(page.items.length <= limit);
    seen.push(...page.items);
    if (!page.next) return seen;
    after = page.next;
  }
  throw new Error('pagination did not end');
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: findings upsert by (service, fingerprint) and list with filters + keyset pagination`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const catalog = new CatalogRepository(store);
    const [payments, identity] = [await catalog.createTeam('payments'), await catalog.createTeam('identity')];
    const api = await catalog.createService({ name: 'api', ownerTeamId: payments.id });
    const login = await catalog.createService({ name: 'login', ownerTeamId: identity.id });
    const findings = new FindingRepository(store);

    await findings.upsert(api.id, uploads(620, 'api'), new Date('2026-01-01T00:00:00Z')); // > one 500-row batch
    await findings.upsert(login.id, uploads(90, 'login'));
    // Uploading the same scan again must not duplicate; it refreshes last_seen_at and severity.
    const again = uploads(620, 'api').map((f, i) => (i === 0 ? { ...f, severity: 'critical' as const } : f));
    await findings.upsert(api.id, again, new Date('2026-01-02T00:00:00Z'));
    const count = await sql<{ n: number | string }>`select count(*) as n from findings`.execute(store.db);
    assert.equal(Number(count.rows[0]?.n), 710);

    const everything = await allPages(findings, {}, 64);
    assert.equal(everything.length, 710);
    assert.equal(new Set(everything.map((f) => f.id)).size, 710, 'no duplicates across pages');
    const ranks = everything.map((f) => severityRank(f.severity));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => b - a),
      'most severe first',
    );

    const first = everything.find((f) => f.fingerprint === 'api-0');
    assert.deepEqual(
      [first?.severity, first?.firstSeenAt, first?.lastSeenAt, first?.status],
      ['critical', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', 'new'],
    );

    const byTeam = await allPages(findings, { teamId: identity.id }, 25);
    assert.equal(byTeam.length, 90);
    assert.ok(byTeam.every((f) => f.serviceId === login.id));

    const filter: FindingFilter = {
      serviceId: api.id,
      ruleId: 'RULE_1',
      severities: ['high', 'critical'],
      statuses: ['new'],
    };
    const filtered = await allPages(findings, filter, 7);
    const expected = everything.filter(
      (f) =>
        f.serviceId === api.id &&
        f.ruleId === 'RULE_1' &&
        (f.severity === 'high' || f.severity === 'critical'),
    );
    assert.ok(expected.length > 7, 'the filter spans several pages');
    assert.deepEqual(filtered.map((f) => f.id).sort(), expected.map((f) => f.id).sort());
    assert.equal((await findings.list({ statuses: ['fixed'] }, { limit: 10 })).items.length, 0);
    await assert.rejects(findings.list({}, { limit: 10, after: 'garbage' }), {
      code: 'E_STORE',
      message: /invalid page cursor/,
    });
    await assert.rejects(findings.upsert('missing-service', uploads(1, 'x')), { reason: 'not-found' });

    if (dialect === 'sqlite') {
      const plan = await sql<{
        detail: string;
      }>`explain query plan select * from findings where service_id = ${api.id} and status = 'new' order by severity_rank desc, id desc limit 50`.execute(
        store.db,
      );
      const detail = plan.rows.map((r) => r.detail).join('\n');
      assert.match(detail, /USING INDEX findings_by_service/);
      assert.doesNotMatch(detail, /TEMP B-TREE/, 'the index order serves the sort');
    }
  });
}

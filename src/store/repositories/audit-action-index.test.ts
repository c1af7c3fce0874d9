import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { TEST_DIALECTS, testDatabase } from '../testing/test-stores.ts';
import { StoreAuditRepository } from './audit-repository.ts';

const ROWS = 20_000;
const RARE = 'catalog.team.create';

/** What GET /api/audit?action=… runs (StoreAuditRepository.search with an exact action). */
const viewerQuery = (action: string) =>
  sql`select * from audit_log where action = ${action} order by seq desc limit 50`;

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: the audit viewer's filter by a rare action reads the audit_log_action index, not the whole log`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    // Mostly token uses, one rare action every 2,000 entries (the viewer's bench mix, shortened).
    await sql`with recursive g(n) as (select 1 union all select n + 1 from g where n < ${ROWS})
      insert into audit_log (seq, at, actor, action, target, details, hash)
      select n, '2026-01-01T00:00:00.000Z', 'token:ci',
             case when n % 2000 = 0 then ${RARE} else 'auth.token.use' end, '', '{}', 'x'
      from g`.execute(store.db);
    if (dialect === 'postgres') await sql`analyze audit_log`.execute(store.db);

    const plan =
      dialect === 'sqlite'
        ? (await sql<{ detail: string }>`explain query plan ${viewerQuery(RARE)}`.execute(store.db)).rows
            .map((r) => r.detail)
            .join('\n')
        : (await sql<{ 'QUERY PLAN': string }>`explain ${viewerQuery(RARE)}`.execute(store.db)).rows
            .map((r) => r['QUERY PLAN'])
            .join('\n');
    assert.match(plan, /audit_log_action/, plan);
    assert.doesNotMatch(plan, /TEMP B-TREE|Seq Scan|Sort/, `the index order serves newest-first:\n${plan}`);

    // And the search answers from it: the rare entries, newest first.
    const found = await new StoreAuditRepository(store).search({ action: RARE }, { limit: 50 });
    assert.deepEqual(
      found.map((e) => e.seq),
      Array.from({ length: ROWS / 2000 }, (_, i) => ROWS - i * 2000),
    );
  });
}

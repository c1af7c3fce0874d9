import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { TEST_DIALECTS, testDatabase } from '../testing/test-stores.ts';
import { jsonBulkInsert } from './json-bulk-insert.ts';

const AWKWARD = [
  '',
  'NULL',
  'null',
  '"quoted"',
  "it's",
  'back\\slash',
  'line\nbreak\ttab',
  '{a,b}',
  'ünï©ødé 🚀',
  ' padded ',
];

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: bulk insert stores every text and number as given, and applies the conflict clause`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const db = store.db as unknown as Kysely<never>;
    await sql`create table bulk_probe (k text primary key, v text, n bigint)`.execute(db);
    const rows = AWKWARD.map((v, i) => ({ k: `k${i}`, v, n: i === 0 ? Number.MAX_SAFE_INTEGER : i - 5 }));
    rows.push({ k: 'nulls', v: null as unknown as string, n: null as unknown as number });
    const columns = [
      ['k', 'text'],
      ['v', 'text'],
      ['n', 'integer'],
    ] as const;
    await jsonBulkInsert(db, dialect, 'bulk_probe', columns, rows);
    await jsonBulkInsert(
      db,
      dialect,
      'bulk_probe',
      columns,
      [{ k: 'k1', v: 'replaced', n: 7 }],
      sql`on conflict (k) do update set v = excluded.v, n = excluded.n`,
    );
    const back = await sql<{ k: string; v: string | null; n: string | number | null }>`
      select k, v, n from bulk_probe order by k`.execute(db);
    const expected = rows
      .map((r) => (r.k === 'k1' ? { k: 'k1', v: 'replaced', n: 7 } : r))
      .sort((a, b) => (a.k < b.k ? -1 : 1));
    assert.deepEqual(
      back.rows.map((r) => ({ k: r.k, v: r.v, n: r.n === null ? null : Number(r.n) })),
      expected,
    );
  });
}

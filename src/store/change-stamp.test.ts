import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { eventually } from './testing/eventually.ts';
import { stampOfStore, TEST_DIALECTS, testDatabase } from './testing/test-stores.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: the change stamp stays for reads and moves after every write and transaction`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    // PostgreSQL: undefined until the store listens for other connections' commits.
    const stamp = () => eventually('the change stamp', () => stampOfStore(store));
    const at = new Date().toISOString();
    const s0 = await stamp();
    await store.db.selectFrom('teams').selectAll().execute();
    await sql`select count(*) from teams`.execute(store.db);
    assert.equal(await stamp(), s0, 'reads leave it');

    await store.db
      .insertInto('teams')
      .values({ id: 't1', name: 't1', display_name: 't1', created_at: at, updated_at: at })
      .execute();
    const s1 = await stamp();
    assert.notEqual(s1, s0, 'a write outside a transaction moves it');

    await store.transaction(async (trx) => {
      await trx.updateTable('teams').set({ display_name: 'T1' }).where('id', '=', 't1').execute();
    });
    const s2 = await stamp();
    assert.notEqual(s2, s1);
    // This process's part counts the statement and, again, the commit: a reader that took the
    // stamp between the two (and so read data without the commit) does not match afterwards.
    const own = (s: string) => Number(s.split(':')[0]);
    assert.ok(own(s2) - own(s1) >= 2, `${s1} → ${s2}`);

    await assert.rejects(
      store.transaction(async (trx) => {
        await trx.deleteFrom('teams').execute();
        throw new Error('roll back');
      }),
    );
    assert.notEqual(await stamp(), s2, 'a rollback moves it too (conservative)');
  });
}

test('sqlite: a commit by another connection (another process) moves the stamp', async (t) => {
  const database = await testDatabase(t, 'sqlite');
  if (!database) return;
  const server = await database.open();
  const cli = await database.open();
  const stamp = () => stampOfStore(server);
  const s0 = await stamp();
  assert.equal(await stamp(), s0);
  const at = new Date().toISOString();
  await cli.db
    .insertInto('teams')
    .values({ id: 't2', name: 't2', display_name: 't2', created_at: at, updated_at: at })
    .execute();
  assert.notEqual(await stamp(), s0);
});

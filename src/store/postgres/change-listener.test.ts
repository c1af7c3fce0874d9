/**
 * Cross-replica invalidation on PostgreSQL: every committed write notifies (commit-notify.ts) and
 * each store hears the others' commits (change-listener.ts), or caches nothing while it cannot.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openStore } from '../open-store.ts';
import type { Store } from '../store.ts';
import { eventually } from '../testing/eventually.ts';
import { stampOfStore, TEST_POSTGRES_URL, testDatabase } from '../testing/test-stores.ts';
import { CHANGE_CHANNEL_SQL } from './commit-notify.ts';
import type { PostgresStoreConfig } from './postgres-config.ts';

const stampOf = (store: Store) => stampOfStore(store);
const listening = (store: Store) => eventually('the change listener', () => stampOf(store));
const newTeam = (store: Store, id: string) => {
  const at = new Date().toISOString();
  return store.db
    .insertInto('teams')
    .values({ id, name: id, display_name: id, created_at: at, updated_at: at });
};

/** A plain client on the test schema, listening to the change channel and collecting payloads. */
async function channelClient(schema: string) {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, options: `-c search_path=${schema}` });
  await client.connect();
  const channel = (await client.query<{ c: string }>(`select ${CHANGE_CHANNEL_SQL} as c`)).rows[0]
    ?.c as string;
  const payloads: string[] = [];
  client.on('notification', (n) => payloads.push(n.payload ?? ''));
  await client.query(`listen ${client.escapeIdentifier(channel)}`);
  return { client, channel, payloads };
}

test('postgres: committed writes notify once each; reads, read-only and rolled-back transactions do not', async (t) => {
  const database = await testDatabase(t, 'postgres');
  if (!database) return;
  const writer = await database.open();
  const { client, channel, payloads } = await channelClient(
    (database.config as PostgresStoreConfig).schema as string,
  );
  t.after(() => client.end());

  await writer.db.selectFrom('teams').selectAll().execute();
  await newTeam(writer, 'a').execute(); // autocommit: 1
  await writer.transaction(async (trx) => {
    await newTeam(writer, 'b').execute();
    await trx.updateTable('teams').set({ display_name: 'B' }).where('id', '=', 'b').execute();
  }); // one transaction, two writes: 1
  await writer.transaction(async (trx) => {
    await trx.selectFrom('teams').selectAll().execute();
  }); // read-only: 0
  await assert.rejects(
    writer.transaction(async () => {
      await newTeam(writer, 'c').execute();
      throw new Error('roll back');
    }),
  ); // rolled back: 0
  await writer.withExclusiveLock('audit', async (trx) => {
    await trx.deleteFrom('teams').where('id', '=', 'a').execute();
  }); // 1
  // Notifications arrive in commit order, so once this one is here every earlier one is too.
  const barrier = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await barrier.connect();
  await barrier.query('select pg_notify($1, $2)', [channel, 'barrier']);
  await barrier.end();
  await eventually('the barrier', () => (payloads.includes('barrier') ? true : undefined));
  assert.deepEqual(payloads, ['', '', '', 'barrier']);
});

test('postgres: another store’s commit moves the stamp; a dropped listener caches nothing until it is back', async (t) => {
  const database = await testDatabase(t, 'postgres');
  if (!database) return;
  const config = database.config as PostgresStoreConfig;
  // Reconnects after 300 ms, so the test can see the gap.
  const a = await openStore({ ...config, listenerRetryDelayMs: 300 });
  t.after(() => a.close());
  const b = await database.open();

  const s0 = await listening(a);
  assert.equal(await stampOf(a), s0, 'nothing written, nothing moves');
  await newTeam(b, 'x').execute();
  const s1 = await eventually('the stamp to move after B’s commit', async () => {
    const s = await stampOf(a);
    return s !== s0 ? s : undefined;
  });
  assert.notEqual(s1, undefined);

  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  t.after(() => admin.end());
  const killListener = async () => {
    const killed = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'rampart change listener' and datname = current_database()
          and query = 'listen "rampart_' || md5($1::text) || '"'`,
      [config.schema],
    );
    assert.equal(killed.rowCount, 1, 'exactly this store’s listener');
  };
  await killListener();
  await eventually('the stamp to turn undefined', async () =>
    (await stampOf(a)) === undefined ? true : undefined,
  );
  // While down, B's commits are not heard: the stamp stays undefined, so nothing is cached.
  await newTeam(b, 'y').execute();
  const s2 = await listening(a);
  assert.notEqual(s2, s1, 'after reconnecting nothing cached before the drop matches');
  await newTeam(b, 'z').execute();
  await eventually('the stamp to move after reconnecting', async () => {
    const s = await stampOf(a);
    return s !== undefined && s !== s2 ? s : undefined;
  });

  await a.close();
  assert.equal(await stampOf(a), undefined, 'a closed store does not reopen its listener');
});

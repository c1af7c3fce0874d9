import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { openStore } from './open-store.ts';
import { TEST_DIALECTS, testDatabase } from './testing/test-stores.ts';

const TABLES = [
  'api_tokens',
  'audit_checkpoints',
  'audit_log',
  'finding_events',
  'findings',
  'memberships',
  'people',
  'roles',
  'services',
  'teams',
  'waivers',
];

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: migrations create the 0001 tables and indexes, record every migration, and re-running them is a no-op`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const tables = new Set(
      (await store.db.introspection.getTables())
        .filter((table) => store.schema === undefined || table.schema === store.schema)
        .map((table) => table.name),
    );
    assert.equal(store.schema, database.config.kind === 'postgres' ? database.config.schema : undefined);
    // Later migrations add tables; the first one must have created all of these.
    assert.deepEqual(
      TABLES.filter((name) => !tables.has(name)),
      [],
    );
    assert.deepEqual(
      await migrateToLatest(store.db, store.location, store.schema),
      [],
      'nothing left to apply',
    );
    const again = await database.open();
    assert.equal(again.dialect, dialect);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      again.db,
    );
    assert.deepEqual(
      applied.rows.map((r) => r.name),
      Object.keys(MIGRATIONS),
    );
    const roles = await again.db.selectFrom('roles').select('name').orderBy('name').execute();
    assert.equal(roles.length, 7);
    const indexes =
      dialect === 'sqlite'
        ? await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name = 'findings'`.execute(again.db)
        : await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where tablename = 'findings' and schemaname = current_schema()`.execute(
            again.db,
          );
    const names = indexes.rows.map((r) => r.name);
    for (const name of [
      'findings_by_service',
      'findings_by_team',
      'findings_by_rule',
      'findings_by_status',
      'findings_by_severity',
    ]) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
  });

  test(`${dialect}: concurrent first starts apply the migrations once`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    if (dialect === 'sqlite') {
      // One process holds one SQLite store (sqlite-dialect.ts); cross-process starts are covered by the child-process test.
      await database.open();
    } else {
      await Promise.all([database.open(), database.open(), database.open()]);
    }
    const store = await database.open({ migrate: false });
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
    assert.equal(applied.rows.length, Object.keys(MIGRATIONS).length);
  });

  test(`${dialect}: constraints hold (foreign keys, unique names, severity check)`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const now = new Date().toISOString();
    await store.db
      .insertInto('teams')
      .values({ id: 't1', name: 'payments', display_name: 'Payments', created_at: now, updated_at: now })
      .execute();
    await assert.rejects(
      store.db
        .insertInto('teams')
        .values({ id: 't2', name: 'payments', display_name: 'Dup', created_at: now, updated_at: now })
        .execute(),
      (error) => store.isUniqueViolation(error),
    );
    await assert.rejects(
      store.db
        .insertInto('services')
        .values({
          id: 's1',
          name: 'api',
          owner_team_id: 'nope',
          tier: null,
          data_classification: null,
          repository: null,
          created_at: now,
          updated_at: now,
        })
        .execute(),
      /foreign key/i,
    );
    await store.db
      .insertInto('services')
      .values({
        id: 's1',
        name: 'api',
        owner_team_id: 't1',
        tier: '1',
        data_classification: 'internal',
        repository: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const finding = {
      id: 'f1',
      service_id: 's1',
      team_id: 't1',
      fingerprint: 'fp',
      rule_id: 'K8S_001',
      severity: 'severe',
      severity_rank: 3,
      status: 'open',
      title: 'x',
      file: null,
      line: null,
      first_seen_at: now,
      last_seen_at: now,
      fixed_at: null,
      sla_due_at: null,
      data: '{}',
      created_at: now,
      updated_at: now,
    };
    await assert.rejects(store.db.insertInto('findings').values(finding).execute(), /check/i);
  });
}

test('openStore: an unreachable PostgreSQL is a StoreError naming the host without the password', async () => {
  await assert.rejects(
    openStore({ kind: 'postgres', url: 'postgres://u:secret@127.0.0.1:1/db' }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'E_STORE');
      assert.match(error.message, /127\.0\.0\.1:1/);
      assert.doesNotMatch(error.message, /secret/);
      return true;
    },
  );
});

test('openStore: a missing SQLite file with mustExist is a StoreError, and no file is created', async () => {
  await assert.rejects(openStore({ kind: 'sqlite', file: '/nonexistent-dir/rampart.db', mustExist: true }), {
    code: 'E_STORE',
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { AuditLog } from '../../audit/audit-log.ts';
import { verifyExportLines, writeExport } from '../../audit/export.ts';
import { generateSigner } from '../../audit/signing-key.ts';
import type { VerifyReport } from '../../audit/verifier.ts';
import { verifyRepository } from '../../audit/verify.ts';
import { openStore } from '../open-store.ts';
import type { Store } from '../store.ts';
import { TEST_DIALECTS, testDatabase } from '../testing/test-stores.ts';
import { StoreAuditRepository } from './audit-repository.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const WRITER = join(REPO, 'test/fixtures/store/audit-writer.ts');

async function filledLog(store: Store, count: number, every = 5) {
  const repository = new StoreAuditRepository(store);
  const log = new AuditLog(repository, generateSigner(), { checkpointEvery: every });
  for (let i = 1; i <= count; i++) {
    await log.append({
      actor: `person:${i % 3}`,
      action: 'waiver.approve',
      target: `finding:${i}`,
      details: { i, tags: ['a', 'b'] },
    });
  }
  return { repository, log };
}

function problemOf(report: VerifyReport): [number | undefined, string | undefined] {
  return [report.problem?.seq, report.problem?.kind];
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: appended entries verify, page by page, and through an export`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const { repository } = await filledLog(store, 23, 5);
    const report = await verifyRepository(repository, { pageSize: 7 });
    assert.equal(report.ok, true, report.problem?.reason);
    assert.deepEqual([report.entries, report.checkpoints, report.signedThrough], [23, 5, 20]);
    const lines: string[] = [];
    await writeExport(repository, (line) => {
      lines.push(line);
    });
    assert.equal(lines.length, 1 + 23 + 5);
    const offline = await verifyExportLines(lines);
    assert.equal(offline.ok, true, offline.problem?.reason);
    assert.equal(offline.headHash, report.headHash);
    // The same export with one entry edited no longer verifies.
    const edited = lines.map((l) => l.replace('"finding:9"', '"finding:99"'));
    assert.deepEqual(problemOf(await verifyExportLines(edited)), [9, 'edited']);
  });

  test(`${dialect}: search for the audit viewer — newest first, by actor/target/action, paged by seq`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const { repository } = await filledLog(store, 30, 10);
    const newest = await repository.search({}, { limit: 5 });
    assert.deepEqual(
      newest.map((e) => e.seq),
      [30, 29, 28, 27, 26],
    );
    const byActor: number[] = [];
    for (let before: number | undefined; ; ) {
      const page = await repository.search(
        { actor: 'person:1' },
        { limit: 4, ...(before ? { beforeSeq: before } : {}) },
      );
      byActor.push(...page.map((e) => e.seq));
      if (page.length < 4) break;
      before = page.at(-1)?.seq;
    }
    assert.deepEqual(byActor, [28, 25, 22, 19, 16, 13, 10, 7, 4, 1]);
    assert.deepEqual(
      (await repository.search({ target: 'finding:7', action: 'waiver.approve' }, { limit: 10 })).map((e) => [
        e.seq,
        e.details,
      ]),
      [[7, { i: 7, tags: ['a', 'b'] }]],
    );
    assert.equal((await repository.search({ action: 'nothing' }, { limit: 10 })).length, 0);
  });

  test(`${dialect}: search by action prefix and time range`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const repository = new StoreAuditRepository(store);
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const log = new AuditLog(repository, generateSigner(), { now: () => new Date(clock) });
    // '%' and '_' must match literally (no LIKE); 'finding' without the dot must not match 'finding.'.
    for (const action of [
      'finding.waive',
      'finding.accept-risk',
      'findings.upload',
      'finding',
      'x%_.y',
      'x%_z',
    ]) {
      await log.append({ actor: 'person:1', action, target: '', details: {} });
      clock += 86_400_000;
    }
    const actions = async (filter: Parameters<StoreAuditRepository['search']>[0]) =>
      (await repository.search(filter, { limit: 100 })).map((e) => e.action);
    assert.deepEqual(await actions({ actionPrefix: 'finding.' }), ['finding.accept-risk', 'finding.waive']);
    assert.deepEqual(await actions({ actionPrefix: 'x%_.' }), ['x%_.y']);
    assert.deepEqual(await actions({ actionPrefix: 'FINDING.' }), []);
    assert.deepEqual(await actions({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' }), [
      'finding',
      'findings.upload',
      'finding.accept-risk',
    ]);
    assert.deepEqual(await actions({ from: '2026-03-05T00:00:00.000Z', actionPrefix: 'x' }), [
      'x%_z',
      'x%_.y',
    ]);
    // Bounds between entries, outside the chain, and with rows missing (a seq gap) still hold.
    assert.deepEqual(await actions({ from: '2026-03-05T12:00:00.000Z' }), ['x%_z']);
    assert.deepEqual(await actions({ to: '2026-03-01T12:00:00.000Z' }), ['finding.waive']);
    assert.deepEqual(await actions({ from: '2027-01-01T00:00:00.000Z' }), []);
    assert.deepEqual(await actions({ to: '2025-01-01T00:00:00.000Z' }), []);
    await store.db.deleteFrom('audit_log').where('seq', 'in', [3, 4]).execute();
    assert.deepEqual(await actions({ from: '2026-03-03T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' }), [
      'x%_.y',
    ]);
    assert.deepEqual(await actions({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' }), [
      'finding.accept-risk',
    ]);
  });

  test(`${dialect}: tampering with rows directly in the database is detected`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const { repository } = await filledLog(store, 12, 5);
    const db = store.db;
    const expectProblem = async (what: string, expected: [number, string]) => {
      const report = await verifyRepository(repository);
      assert.deepEqual(
        problemOf(report),
        expected,
        `${what}: ${report.problem?.reason ?? 'no problem found'}`,
      );
    };
    const snapshot = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const checkpoints = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
    const restore = async () => {
      await sql`delete from audit_log`.execute(db);
      await sql`delete from audit_checkpoints`.execute(db);
      await db
        .insertInto('audit_log')
        .values(snapshot.map((r) => ({ ...r, seq: Number(r.seq) })))
        .execute();
      await db
        .insertInto('audit_checkpoints')
        .values(checkpoints.map((r) => ({ ...r, seq: Number(r.seq) })))
        .execute();
      assert.equal((await verifyRepository(repository)).ok, true, 'restored');
    };

    await sql`update audit_log set actor = 'person:mallory' where seq = 7`.execute(db);
    await expectProblem('edited actor', [7, 'edited']);
    await restore();

    await sql`update audit_log set details = '{"i":3,"tags":["a"]}' where seq = 3`.execute(db);
    await expectProblem('edited details', [3, 'edited']);
    await restore();

    await sql`update audit_log set details = 'not json' where seq = 2`.execute(db);
    await expectProblem('garbage details', [2, 'edited']);
    await restore();

    await sql`delete from audit_log where seq = 4`.execute(db);
    await expectProblem('deleted entry', [4, 'missing']);
    await restore();

    // Reorder: swap entries 3 and 4 by swapping their seq numbers.
    await sql`update audit_log set seq = -3 where seq = 3`.execute(db);
    await sql`update audit_log set seq = 3 where seq = 4`.execute(db);
    await sql`update audit_log set seq = 4 where seq = -3`.execute(db);
    await expectProblem('reordered entries', [3, 'edited']);
    await restore();

    // Insert in the middle: shift 5.. up by one and put a forged entry at 5.
    await sql`update audit_log set seq = seq + 1000 where seq >= 5`.execute(db);
    await sql`update audit_log set seq = seq - 999 where seq >= 1000`.execute(db);
    await sql`insert into audit_log (seq, at, actor, action, target, details, hash) values (5, '2026-01-01T00:00:00.000Z', 'person:mallory', 'role.grant', 'person:mallory', '{}', ${'0'.repeat(64)})`.execute(
      db,
    );
    await expectProblem('inserted entry', [5, 'edited']);
    await restore();

    // Truncation after a checkpoint: entries 9.. deleted, checkpoint 10 still there.
    await sql`delete from audit_log where seq >= 9`.execute(db);
    await expectProblem('truncated', [9, 'truncated']);
    await restore();

    await sql`update audit_checkpoints set at = '2020-01-01T00:00:00.000Z' where seq = 5`.execute(db);
    await expectProblem('edited checkpoint', [5, 'bad-checkpoint']);
    await restore();
  });

  test(`${dialect}: an attacker who rewrites and re-hashes the chain is caught by the signed checkpoint`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const { repository } = await filledLog(store, 12, 5);
    const { chainHash, GENESIS_HASH } = await import('../../audit/chain-hash.ts');
    const rows = await repository.listEntries(0, 100);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const changed = row.seq === 8 ? { ...row, actor: 'person:mallory' } : row;
      prev = chainHash(prev, changed);
      await sql`update audit_log set actor = ${changed.actor}, hash = ${prev} where seq = ${row.seq}`.execute(
        store.db,
      );
    }
    const report = await verifyRepository(repository);
    assert.deepEqual(problemOf(report), [6, 'checkpoint-mismatch'], report.problem?.reason);
  });

  test(`${dialect}: concurrent appends from two connections never fork the chain`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const first = await database.open();
    // SQLite: one store per process (see sqlite-dialect.ts); other processes are tested below.
    const second = dialect === 'sqlite' ? first : await database.open();
    const signer = generateSigner();
    const logs = [first, second].map(
      (s) => new AuditLog(new StoreAuditRepository(s), signer, { checkpointEvery: 10 }),
    );
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (logs[i % 2] as AuditLog).append({
          actor: `writer:${i % 2}`,
          action: 'test.write',
          target: `t${i}`,
          details: { i },
        }),
      ),
    );
    const report = await verifyRepository(new StoreAuditRepository(first));
    assert.equal(report.ok, true, report.problem?.reason);
    assert.deepEqual([report.entries, report.checkpoints], [60, 7]);
  });
}

test('sqlite: an append that loses a seq race (unique violation) is retried, other errors are not', async (t) => {
  const database = await testDatabase(t, 'sqlite');
  assert.ok(database);
  const store = await database.open();
  const failures = [
    Object.assign(new Error('UNIQUE constraint failed: audit_log.seq'), {
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    }),
  ];
  const flaky: Store = {
    ...store,
    withExclusiveLock: (lock, work) => {
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : store.withExclusiveLock(lock, work);
    },
  };
  const log = new AuditLog(new StoreAuditRepository(flaky), generateSigner());
  assert.equal((await log.append({ actor: 'a', action: 'x', target: '', details: {} })).seq, 1);
  assert.equal(failures.length, 0, 'the failure was consumed and the append retried');
  failures.push(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }));
  await assert.rejects(log.append({ actor: 'a', action: 'x', target: '', details: {} }), /disk I\/O error/);
});

function runWriter(args: readonly string[]): {
  child: ReturnType<typeof spawn>;
  done: Promise<number | null>;
  lines: string[];
} {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], {
    cwd: REPO, // `--import tsx` resolves from the working directory
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<number | null>((resolveDone) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolveDone(code);
    }),
  );
  return { child, done, lines };
}

async function integrityCheck(file: string): Promise<string> {
  const store = await openStore({ kind: 'sqlite', file, mustExist: true }, { migrate: false });
  try {
    const result = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
    return result.rows.map((r) => r.integrity_check).join('; ');
  } finally {
    await store.close();
  }
}

test('sqlite: two processes appending to one file at once keep one intact chain', async (t) => {
  const database = await testDatabase(t, 'sqlite');
  assert.ok(database?.dir);
  const file = join(database.dir, 'rampart.db');
  const key = join(database.dir, 'audit-signing-key.pem');
  // Both start on a fresh file: they also race on migrations and on creating the key.
  const writers = ['a', 'b'].map((actor) => runWriter([file, key, '40', `writer:${actor}`]));
  assert.deepEqual(await Promise.all(writers.map((w) => w.done)), [0, 0]);
  assert.equal(await integrityCheck(file), 'ok');
  const store = await database.open({ migrate: false });
  const report = await verifyRepository(new StoreAuditRepository(store));
  assert.equal(report.ok, true, report.problem?.reason);
  assert.deepEqual([report.entries, report.checkpoints, report.keyIds.length], [80, 9, 1]);
});

test('sqlite: kill -9 of a process mid-write leaves a readable database and an intact chain', async (t) => {
  const database = await testDatabase(t, 'sqlite');
  assert.ok(database?.dir);
  const file = join(database.dir, 'rampart.db');
  const writer = runWriter([file, join(database.dir, 'key.pem'), '0', 'writer:killed']);
  // Let it commit a good number of entries, then kill it without warning.
  await new Promise<void>((resolveWait, reject) => {
    const timer = setInterval(() => {
      if (writer.lines.length >= 150) {
        clearInterval(timer);
        resolveWait();
      }
    }, 5);
    writer.done.then(() => {
      clearInterval(timer);
      reject(new Error('writer exited before it was killed'));
    });
  });
  writer.child.kill('SIGKILL');
  await writer.done;
  const acknowledged = Number(writer.lines.at(-1));
  assert.equal(await integrityCheck(file), 'ok');
  const store = await database.open();
  const report = await verifyRepository(new StoreAuditRepository(store));
  assert.equal(report.ok, true, report.problem?.reason);
  // Every entry the writer saw committed survived; at most the one in flight may be extra.
  assert.ok(
    report.headSeq >= acknowledged && report.headSeq <= acknowledged + 1,
    `${report.headSeq} vs ${acknowledged}`,
  );
  // The store still takes writes after the crash.
  const log = new AuditLog(new StoreAuditRepository(store), generateSigner());
  const next = await log.append({ actor: 'system', action: 'recovered', target: '', details: {} });
  assert.equal(next.seq, report.headSeq + 1);
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { AuditLog } from '../../audit/audit-log.ts';
import { generateSigner, loadOrCreateSigningKey } from '../../audit/signing-key.ts';
import { StoreAuditRepository } from '../../store/repositories/audit-repository.ts';
import type { Store } from '../../store/store.ts';
import { TEST_DIALECTS, TEST_POSTGRES_URL, testDatabase } from '../../store/testing/test-stores.ts';
import { runCli } from '../testing/run-cli.ts';

async function rampart(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  return runCli(args, { cwd, env });
}

async function fill(store: Store, keyFile?: string): Promise<void> {
  const signer = keyFile ? loadOrCreateSigningKey(keyFile) : generateSigner();
  const log = new AuditLog(new StoreAuditRepository(store), signer, { checkpointEvery: 5 });
  for (let i = 1; i <= 12; i++)
    await log.append({ actor: 'person:1', action: 'catalog.update', target: `service:${i}`, details: { i } });
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: rampart audit verify exits 0 when intact and 1 with the first bad seq after tampering`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const cwd = database.dir ?? mkdtempSync(join(tmpdir(), 'rampart-audit-cli-'));
    if (!database.dir) t.after(() => rmSync(cwd, { recursive: true, force: true }));
    // PostgreSQL: the test schema travels in the URL as a libpq `options` parameter.
    const location =
      database.config.kind === 'sqlite'
        ? ['--data', cwd]
        : [
            '--database-url',
            `${TEST_POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${database.config.schema}`)}`,
          ];
    await fill(store, database.dir ? join(database.dir, 'audit-signing-key.pem') : undefined);

    const intact = await rampart(['audit', 'verify', ...location], cwd);
    assert.equal(intact.code, 0, intact.stderr);
    assert.match(intact.stdout, /audit log intact: .*\n {2}12 entries, head seq 12/);
    assert.match(intact.stdout, /signed through seq 10/);

    const json = await rampart(['audit', 'verify', ...location, '--format', 'json'], cwd);
    assert.equal(JSON.parse(json.stdout).headSeq, 12);

    const exportFile = join(cwd, `audit-${dialect}.jsonl`);
    const exported = await rampart(['audit', 'export', ...location, '--out', exportFile], cwd);
    assert.equal(exported.code, 0, exported.stderr);
    const offline = await rampart(['audit', 'verify', '--export', exportFile], cwd);
    assert.equal(offline.code, 0, offline.stdout + offline.stderr);

    await sql`update audit_log set target = 'service:evil' where seq = 7`.execute(store.db);
    const tampered = await rampart(['audit', 'verify', ...location], cwd);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, /TAMPERED[\s\S]*first bad seq: 7 \(edited\)/);

    // The export made before the tampering still verifies; a tampered copy of it does not.
    writeFileSync(exportFile, readFileSync(exportFile, 'utf8').replace('"service:3"', '"service:33"'));
    const badExport = await rampart(['audit', 'verify', '--export', exportFile], cwd);
    assert.equal(badExport.code, 1);
    assert.match(badExport.stdout, /first bad seq: 3/);
  });
}

test('rampart audit verify: checkpoints signed by a key other than the local one fail (pinned key)', async (t) => {
  const database = await testDatabase(t, 'sqlite');
  assert.ok(database?.dir);
  const store = await database.open();
  await fill(store); // signed by a throwaway key…
  loadOrCreateSigningKey(join(database.dir, 'audit-signing-key.pem')); // …while this machine's key is another
  const result = await rampart(['audit', 'verify', '--data', database.dir], database.dir);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /bad-checkpoint[\s\S]*not trusted/);
});

test('rampart audit public-key + verify --export --public-key: the pinned key must have signed the export', async (t) => {
  const database = await testDatabase(t, 'sqlite');
  assert.ok(database?.dir);
  const cwd = database.dir;
  await fill(await database.open(), join(cwd, 'audit-signing-key.pem'));
  const key = await rampart(['audit', 'public-key', '--data', cwd], cwd);
  assert.equal(key.code, 0, key.stderr);
  assert.match(key.stdout, /^-----BEGIN PUBLIC KEY-----/);
  assert.doesNotMatch(key.stdout, /PRIVATE/);
  writeFileSync(join(cwd, 'ours.pem'), key.stdout);
  writeFileSync(join(cwd, 'theirs.pem'), generateSigner().publicKeyPem);
  assert.equal((await rampart(['audit', 'export', '--data', cwd, '--out', 'a.jsonl'], cwd)).code, 0);
  const toStdout = await rampart(['audit', 'export', '--data', cwd], cwd);
  const undated = (text: string) => text.replace(/"exportedAt":"[^"]+"/, '"exportedAt":"…"');
  assert.equal(undated(toStdout.stdout), undated(readFileSync(join(cwd, 'a.jsonl'), 'utf8')));
  assert.equal(
    toStdout.stdout.trimEnd().split('\n').length,
    1 + 12 + 3,
    'header, 12 entries, checkpoints 1, 5, 10',
  );
  const good = await rampart(['audit', 'verify', '--export', 'a.jsonl', '--public-key', 'ours.pem'], cwd);
  assert.equal(good.code, 0, good.stdout);
  assert.doesNotMatch(good.stdout, /not pinned/);
  const wrong = await rampart(['audit', 'verify', '--export', 'a.jsonl', '--public-key', 'theirs.pem'], cwd);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /not trusted/);
  const noKey = await rampart(['audit', 'public-key', '--data', join(cwd, 'empty')], cwd);
  assert.equal(noKey.code, 2);
});

test('rampart audit verify --anchor: entries deleted after the last checkpoint are caught by an earlier export', async (t) => {
  const database = await testDatabase(t, 'sqlite');
  assert.ok(database?.dir);
  const cwd = database.dir;
  const store = await database.open();
  await fill(store, join(cwd, 'audit-signing-key.pem')); // 12 entries, checkpoints 1, 5, 10
  assert.equal((await rampart(['audit', 'export', '--data', cwd, '--out', 'monday.jsonl'], cwd)).code, 0);
  await sql`delete from audit_log where seq > 10`.execute(store.db);
  const plain = await rampart(['audit', 'verify', '--data', cwd], cwd);
  assert.equal(plain.code, 0, `without the anchor the deletion is invisible: ${plain.stdout}${plain.stderr}`);
  assert.match(plain.stdout, /signed through seq 10/);
  const anchored = await rampart(['audit', 'verify', '--data', cwd, '--anchor', 'monday.jsonl'], cwd);
  assert.equal(anchored.code, 1, anchored.stderr);
  assert.match(
    anchored.stdout,
    /first bad seq: 11 \(truncated\)[\s\S]*monday\.jsonl holds entries up to seq 12/,
  );
  writeFileSync(
    join(cwd, 'monday.jsonl'),
    readFileSync(join(cwd, 'monday.jsonl'), 'utf8').replace('"service:2"', '"service:9"'),
  );
  const badAnchor = await rampart(['audit', 'verify', '--data', cwd, '--anchor', 'monday.jsonl'], cwd);
  assert.equal(badAnchor.code, 1, badAnchor.stderr);
  assert.match(badAnchor.stdout, /TAMPERED: monday\.jsonl \(the --anchor export\)/);
});

test('rampart audit verify: usage errors exit 2 and name the problem', async (t) => {
  const database = await testDatabase(t, 'sqlite');
  assert.ok(database?.dir);
  const cwd = database.dir;
  const both = await rampart(
    ['audit', 'verify', '--data', cwd, '--database-url', 'postgres://x@127.0.0.1/db'],
    cwd,
  );
  assert.equal(both.code, 2);
  assert.match(both.stderr, /either --data .* or --database-url/);
  const exportAndDb = await rampart(['audit', 'verify', '--export', 'x.jsonl', '--data', cwd], cwd);
  assert.equal(exportAndDb.code, 2);
  const missing = await rampart(['audit', 'verify', '--data', join(cwd, 'nothing-here')], cwd);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no Rampart database here/);
  writeFileSync(join(cwd, 'rampart.db'), '');
  const empty = await rampart(['audit', 'verify', '--data', cwd], cwd);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /rampart\.db: no audit log here/);
  const notExport = join(cwd, 'not-an-export.jsonl');
  writeFileSync(notExport, '{"hello":1}\n');
  const wrongFile = await rampart(['audit', 'verify', '--export', notExport], cwd);
  assert.equal(wrongFile.code, 2);
  assert.match(wrongFile.stderr, /not-an-export\.jsonl:1: not a Rampart audit export/);
  const badUrl = await rampart(['audit', 'verify', '--database-url', 'mysql://x/y'], cwd);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /unsupported scheme mysql:/);
});

/**
 * Upload of a 10,000-finding scan end to end (issue 4 §8, target ≤ 2 s): JSON body → HTTP on
 * loopback → auth → validation → per-service transaction → audit entry → answer. Twice per
 * database: the first upload inserts 10,000 findings, the second (a later scan with 10 % fixed
 * and 10 % new) updates them. One JSON line per database and run.
 *
 *   npx tsx bench/upload.ts [--findings N]
 * PostgreSQL from RAMPART_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test), in
 * a throwaway schema; skipped with a reason when unreachable.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AuditLog } from '../src/audit/audit-log.ts';
import { generateSigner } from '../src/audit/signing-key.ts';
import { PERMISSIONS } from '../src/catalog/roles.ts';
import { StoreAccountRepository } from '../src/server/auth/store-accounts.ts';
import { buildServer } from '../src/server/build-server.ts';
import type { StoreConfig } from '../src/store/config.ts';
import { openStore } from '../src/store/open-store.ts';
import { postgresConfig } from '../src/store/postgres/postgres-config.ts';
import { StoreAuditRepository } from '../src/store/repositories/audit-repository.ts';
import { CatalogRepository } from '../src/store/repositories/catalog-repository.ts';
import { TEST_POSTGRES_URL } from '../src/store/testing/test-stores.ts';
import { manyFindings, report } from '../test/fixtures/posture/reports.ts';
import { ms, peakRssMb, printLine } from './measure.ts';

const argIndex = process.argv.indexOf('--findings');
const COUNT = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 10_000;

async function bench(database: 'sqlite' | 'postgres', config: StoreConfig): Promise<void> {
  const store = await openStore(config);
  try {
    const catalog = new CatalogRepository(store);
    const team = await catalog.createTeam('bench');
    await catalog.createService({ name: 'bench-service', ownerTeamId: team.id });
    const { app, accounts } = await buildServer({
      store,
      audit: new AuditLog(new StoreAuditRepository(store), generateSigner()),
    });
    const people = new StoreAccountRepository(store);
    const person = await people.createPerson('bench@example.com', 'bench');
    const grants = [{ role: 'developer' as const, teamId: team.id }];
    await people.replaceGrants(person.id, grants);
    const { secret } = await accounts.createToken(
      { kind: 'session', personId: person.id, email: 'bench@example.com', displayName: 'bench', grants },
      { name: 'bench', scopes: PERMISSIONS },
    );
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const first = manyFindings(COUNT, 'a');
    // A later scan: the first 10 % fixed, 10 % new.
    const tenth = Math.floor(COUNT / 10);
    const second = [...first.slice(tenth), ...manyFindings(tenth, 'b')];
    for (const [run, findings] of [
      ['insert', first],
      ['rescan', second],
    ] as const) {
      const body = JSON.stringify({
        service: 'bench-service',
        commit: 'c',
        branch: 'main',
        report: report(findings),
      });
      const start = process.hrtime.bigint();
      const response = await fetch(`${url}/api/uploads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body,
      });
      const answer = (await response.json()) as Record<string, unknown>;
      const elapsed = ms(start);
      if (response.status !== 201)
        throw new Error(`upload failed: ${response.status} ${JSON.stringify(answer)}`);
      printLine({
        bench: 'upload',
        database,
        run,
        findings: findings.length,
        bodyMb: Math.round(body.length / 1e4) / 100,
        ms: elapsed,
        targetMs: 2000,
        pass: elapsed <= 2000,
        new: answer.new,
        fixed: answer.fixed,
        peakRssMb: peakRssMb(),
      });
    }
    await app.close();
  } finally {
    await store.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-upload-'));
try {
  await bench('sqlite', { kind: 'sqlite', file: join(dir, 'rampart.db') });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
const schema = `rampart_bench_${randomBytes(4).toString('hex')}`;
try {
  await admin.connect();
  await admin.query(`create schema ${schema}`);
} catch (error) {
  printLine({
    bench: 'upload',
    database: 'postgres',
    skipped: `PostgreSQL not reachable: ${(error as Error).message}`,
  });
  await admin.end().catch(() => undefined);
  process.exit(0);
}
try {
  await bench('postgres', postgresConfig(TEST_POSTGRES_URL, schema));
} finally {
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
}

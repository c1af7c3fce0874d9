import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { finding, report } from '../../test/fixtures/posture/reports.ts';
import type { AuditChainWriter } from '../audit/repository.ts';
import { verifyRepository } from '../audit/verify.ts';
import { StoreAuditRepository } from '../store/repositories/audit-repository.ts';
import { CatalogRepository } from '../store/repositories/catalog-repository.ts';
import { TEST_DIALECTS } from '../store/testing/test-stores.ts';
import { type TestServer, testServer } from './testing/test-server.ts';

/**
 * Crashes after the audit entry is written inside the change's transaction, before it commits:
 * the change's rows and the entry are both in the transaction, and neither may survive.
 */
class CrashingAuditRepository extends StoreAuditRepository {
  crash = false;

  override withChainLock<T>(work: (chain: AuditChainWriter) => Promise<T>): Promise<T> {
    return super.withChainLock(async (chain) => {
      const result = await work(chain);
      if (this.crash) throw new Error('injected crash before commit');
      return result;
    });
  }
}

async function setUp(t: Parameters<typeof testServer>[0], dialect: (typeof TEST_DIALECTS)[number]) {
  let crashing: CrashingAuditRepository | undefined;
  const s = await testServer(t, dialect, {}, (store) => {
    crashing = new CrashingAuditRepository(store);
    return crashing;
  });
  if (!s || !crashing) return undefined;
  const repo = crashing;
  const payments = await s.createTeam('payments');
  const search = await s.createTeam('search');
  await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: payments });
  const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
  const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments }]);
  const sec = await s.caller('sec@example.com', [{ role: 'security', teamId: payments }]);
  const call = (method: string, url: string, bearer: string, payload?: object) =>
    s.app.inject({
      method: method as 'POST',
      url,
      headers: { authorization: bearer },
      ...(payload ? { payload } : {}),
    });
  return { s, repo, payments, search, admin, dev, sec, call };
}

/** Runs `action` with the crash on (nothing may change) and off (both the change and its entry land). */
async function atomically(
  s: TestServer,
  repo: CrashingAuditRepository,
  action: string,
  run: () => Promise<{ statusCode: number; body: string }>,
  state: () => Promise<unknown>,
): Promise<void> {
  const before = await state();
  const entries = (await s.auditActions()).length;
  repo.crash = true;
  const failed = await run();
  repo.crash = false;
  assert.equal(failed.statusCode, 500, `${action}: the crash fails the request (${failed.body})`);
  assert.deepEqual(await state(), before, `${action}: the change rolled back with its entry`);
  assert.equal((await s.auditActions()).length, entries, `${action}: no entry without its change`);
  const done = await run();
  assert.ok(done.statusCode < 300, `${action}: ${done.statusCode} ${done.body}`);
  assert.notDeepEqual(await state(), before, `${action}: the change landed`);
  assert.equal((await s.auditActions()).at(-1), action, `${action}: its entry landed`);
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: a crash after the change and its audit entry, before commit, leaves neither (upload, waiver, request approval, catalog, roles, tokens, sign-in)`, async (t) => {
    const f = await setUp(t, dialect);
    if (!f) return;
    const { s, repo, call, admin, dev, sec, payments } = f;
    const db = () => s.store.db;
    const count = async (table: 'findings' | 'teams' | 'api_tokens' | 'sessions' | 'waivers') =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0]?.n,
      );

    const upload = { service: 'checkout', report: report([finding('a'), finding('b')]) };
    await atomically(
      s,
      repo,
      'findings.upload',
      () => call('POST', '/api/uploads', dev.bearer, upload),
      () => count('findings'),
    );
    const ids = (await db().selectFrom('findings').select('id').orderBy('id').execute()).map((r) => r.id);
    const [a, b] = ids as [string, string];
    const findingState = (id: string) => async () => ({
      status: (await db().selectFrom('findings').select('status').where('id', '=', id).executeTakeFirst())
        ?.status,
      waivers: await count('waivers'),
    });

    const expiresAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    await atomically(
      s,
      repo,
      'finding.waive',
      () => call('POST', `/api/findings/${a}/waive`, sec.bearer, { reason: 'compensating', expiresAt }),
      findingState(a),
    );

    const asked = await call('POST', `/api/findings/${b}/requests`, dev.bearer, {
      kind: 'waiver',
      reason: 'vendor fix due',
      expiresAt,
    });
    assert.equal(asked.statusCode, 201, asked.body);
    const requestState = async () => ({
      ...(await findingState(b)()),
      request: (await sql<{ status: string }>`select status from waiver_requests`.execute(db())).rows[0]
        ?.status,
    });
    await atomically(
      s,
      repo,
      'finding.exception-request.approve',
      () => call('POST', `/api/exception-requests/${asked.json().id}/approve`, sec.bearer, {}),
      requestState,
    );

    await atomically(
      s,
      repo,
      'catalog.team.create',
      () => call('POST', '/api/teams', admin.bearer, { name: 'platform' }),
      () => count('teams'),
    );
    const rolesOf = async () =>
      (
        await db()
          .selectFrom('memberships')
          .select(['role', 'team_id'])
          .where('person_id', '=', dev.person.id)
          .orderBy('role')
          .execute()
      ).map((r) => `${r.role}@${r.team_id}`);
    await atomically(
      s,
      repo,
      'catalog.person.team-roles',
      () =>
        call('PUT', `/api/people/${dev.person.id}/teams/${payments}/roles`, admin.bearer, {
          roles: ['developer', 'security'],
        }),
      rolesOf,
    );
    await atomically(
      s,
      repo,
      'auth.token.create',
      () => call('POST', '/api/tokens', admin.bearer, { name: 'ci', scopes: ['findings:read'] }),
      () => count('api_tokens'),
    );

    // Sign-in: the session exists only with its entry.
    const sessions = await count('sessions');
    const entries = (await s.auditActions()).length;
    repo.crash = true;
    await assert.rejects(s.accounts.startSession(dev.person, 'password'), /injected crash/);
    repo.crash = false;
    assert.equal(await count('sessions'), sessions);
    assert.equal((await s.auditActions()).length, entries);
    await s.accounts.startSession(dev.person, 'password');
    assert.equal(await count('sessions'), sessions + 1);
    assert.equal((await s.auditActions()).at(-1), 'auth.sign-in');

    const report_ = await verifyRepository(s.audit);
    assert.equal(report_.ok, true, JSON.stringify(report_));
  });

  test(`${dialect}: concurrent audited changes of every kind keep one unforked chain that verifies`, async (t) => {
    const f = await setUp(t, dialect);
    if (!f) return;
    const { s, call, admin, dev, payments } = f;
    const catalog = new CatalogRepository(s.store);
    for (let i = 0; i < 4; i++) await catalog.createService({ name: `svc-${i}`, ownerTeamId: payments });
    const before = (await s.auditActions()).length;
    const work: Array<Promise<{ statusCode: number; body: string }>> = [];
    for (let i = 0; i < 4; i++) {
      for (let round = 0; round < 3; round++)
        work.push(
          call('POST', '/api/uploads', dev.bearer, {
            service: `svc-${i}`,
            report: report([finding(`f${round}`)]),
          }),
        );
      work.push(call('POST', '/api/teams', admin.bearer, { name: `team-${i}` }));
      work.push(call('POST', '/api/tokens', admin.bearer, { name: `t${i}`, scopes: ['findings:read'] }));
      work.push(call('POST', '/api/systems', admin.bearer, { name: `sys-${i}` }));
    }
    const responses = await Promise.all(work);
    for (const r of responses) assert.ok(r.statusCode < 300, `${r.statusCode} ${r.body}`);
    const entries = await s.audit.listEntries(0, 100_000);
    // Each token-authenticated write also records its token use (auth.token.use).
    const changes = entries.slice(before).filter((e) => e.action !== 'auth.token.use');
    assert.equal(changes.length, work.length, 'one entry per change');
    assert.deepEqual(
      entries.map((e) => e.seq),
      entries.map((_, i) => i + 1),
      'seq 1..n without gaps',
    );
    const verified = await verifyRepository(s.audit);
    assert.equal(verified.ok, true, JSON.stringify(verified));
  });
}

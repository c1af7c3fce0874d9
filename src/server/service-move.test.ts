/**
 * Moving a service to another team re-homes what belongs to it: its findings, its exception
 * requests and its posture counters follow at once, so team-scoped users of the new team see
 * them and those of the old team no longer do.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { manyFindings, report } from '../../test/fixtures/posture/reports.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { generateSigner } from '../audit/signing-key.ts';
import { verifyRepository } from '../audit/verify.ts';
import type { PostureRepository } from '../posture/repository.ts';
import { PostureService } from '../posture/service.ts';
import { parseUpload } from '../posture/upload.ts';
import { StorePostureRepository } from '../store/repositories/posture-repository.ts';
import { postureFixture } from '../store/repositories/posture-testing.ts';
import { TEST_DIALECTS } from '../store/testing/test-stores.ts';
import { type Caller, testServer } from './testing/test-server.ts';

const FUTURE = new Date(Date.now() + 30 * 86_400_000).toISOString();

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: moving a service to another team re-homes its findings, requests and counters for team-scoped users`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const { payments, search, admin } = await s.twoTeams();
    const payDev = await s.caller('pay@example.com', [{ role: 'developer', teamId: payments }]);
    const searchDev = await s.caller('search@example.com', [{ role: 'developer', teamId: search }]);
    const searchSec = await s.caller('ssec@example.com', [{ role: 'security', teamId: search }]);
    const call = s.as;

    assert.equal(
      (await call(admin, 'POST', '/api/services', { name: 'checkout', owner: 'payments' })).statusCode,
      201,
    );
    const up = await call(payDev, 'POST', '/api/uploads', {
      service: 'checkout',
      report: report(manyFindings(4, 'checkout')),
    });
    assert.equal(up.statusCode, 201, up.body);
    const ids = async (c: Caller) =>
      ((await call(c, 'GET', '/api/findings?limit=100')).json().items as { id: string }[])
        .map((f) => f.id)
        .sort();
    const mine = await ids(payDev);
    assert.equal(mine.length, 4);
    const asked = await call(payDev, 'POST', `/api/findings/${mine[0]}/requests`, {
      kind: 'waiver',
      reason: 'vendor fix due',
      expiresAt: FUTURE,
    });
    assert.equal(asked.statusCode, 201, asked.body);
    const counts = async (c: Caller) =>
      (
        (await call(c, 'GET', '/api/posture/counts?by=service')).json() as { key: string; count: number }[]
      ).map((r) => [r.key, r.count]);
    const before = await counts(payDev);
    assert.deepEqual(await ids(searchDev), []);
    assert.deepEqual(await counts(searchDev), []);

    const moved = await call(admin, 'PATCH', '/api/services/checkout', { owner: 'search' });
    assert.equal(moved.statusCode, 200, moved.body);

    assert.deepEqual(await ids(searchDev), mine, 'the new team sees the findings at once');
    assert.deepEqual(await ids(payDev), [], 'the old team no longer does');
    assert.equal((await call(searchDev, 'GET', `/api/findings/${mine[0]}`)).statusCode, 200);
    assert.equal((await call(payDev, 'GET', `/api/findings/${mine[0]}`)).statusCode, 403);
    assert.deepEqual(await counts(searchDev), before, 'counters moved with them');
    assert.deepEqual(await counts(payDev), []);
    const queue = (await call(searchSec, 'GET', '/api/exception-requests')).json().items as { id: string }[];
    assert.deepEqual(
      queue.map((r) => r.id),
      [asked.json().id],
      "the new team's reviewers get the pending request",
    );
    const decided = await call(searchSec, 'POST', `/api/exception-requests/${asked.json().id}/approve`, {});
    assert.equal(decided.statusCode, 200, decided.body);
    const teams = await s.store.db.selectFrom('findings').select('team_id').distinct().execute();
    assert.deepEqual(teams, [{ team_id: search }]);
    assert.equal((await verifyRepository(s.audit)).ok, true);
  });
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: an upload that looked its service up before a move writes and counts its findings for the new team`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const search = await fx.catalog.createTeam('search');
    const serviceId = await fx.service('checkout');
    const repo = new StorePostureRepository(fx.store);
    // The lookup ran before the move committed: it still answers with the old owner.
    const stale = new Proxy(repo, {
      get(target, prop) {
        if (prop === 'serviceByName')
          return async () => ({ id: serviceId, name: 'checkout', teamId: fx.teamId });
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as PostureRepository;
    await fx.store.db
      .updateTable('services')
      .set({ owner_team_id: search.id })
      .where('id', '=', serviceId)
      .execute();
    const posture = new PostureService(stale, new AuditLog(fx.audit, generateSigner()));
    await posture.ingest(parseUpload({ service: 'checkout', report: report(manyFindings(2, 'c')) }), {
      id: 'token:ci',
      roles: ['developer'],
    });
    const teams = await fx.store.db.selectFrom('findings').select('team_id').distinct().execute();
    assert.deepEqual(teams, [{ team_id: search.id }]);
    const counted = await sql<{ team_id: string }>`select distinct team_id from posture_counts`.execute(
      fx.store.db,
    );
    assert.deepEqual(counted.rows, [{ team_id: search.id }]);
  });
}

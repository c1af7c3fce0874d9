import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: GET /api/audit pages newest first with filters; only global audit:read may read it`, async (t) => {
    let clock = Date.parse('2026-05-01T10:00:00Z');
    const s = await testServer(t, dialect, { now: () => new Date(clock) });
    if (!s) return;
    const team = await s.createTeam('payments');
    const auditor = await s.caller('auditor@example.com', [{ role: 'auditor', teamId: null }]);
    const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: null }]);
    const teamAuditor = await s.caller('ta@example.com', [{ role: 'auditor', teamId: team }]);
    const base = (await s.audit.listEntries(0, 1000)).length;
    // The test audit log stamps real time; the time-range checks below read the stored times.
    for (let i = 1; i <= 12; i++) {
      await s.auditLog.append({
        actor: i % 2 ? 'person:p1' : 'person:p2',
        action: i % 3 ? 'finding.waive' : 'catalog.service.update',
        target: `finding:f${i}`,
        details: { i },
      });
      clock += 86_400_000;
    }
    const get = (url: string, bearer = auditor.bearer) =>
      s.app.inject({ url, headers: { authorization: bearer } });

    assert.equal((await get('/api/audit', dev.bearer)).statusCode, 403);
    assert.equal(
      (await get('/api/audit', teamAuditor.bearer)).statusCode,
      403,
      'audit spans teams: global grant',
    );
    assert.equal((await get('/api/audit/verify', dev.bearer)).statusCode, 403);
    assert.equal((await get('/api/audit', admin.bearer)).statusCode, 200);

    const first = await get('/api/audit?limit=5');
    assert.equal(first.statusCode, 200, first.body);
    const seqs = first.json().items.map((e: { seq: number }) => e.seq);
    assert.equal(seqs.length, 5);
    assert.deepEqual(
      seqs,
      [...seqs].sort((x: number, y: number) => y - x),
      'newest first',
    );
    const second = await get(`/api/audit?limit=5&before=${first.json().next}`);
    assert.ok(second.json().items[0].seq < seqs[4]);

    const byActor = (await get('/api/audit?actor=person:p2&action=finding.waive&limit=100')).json().items;
    assert.deepEqual(
      byActor.map((e: { details: { i: number } }) => e.details.i),
      [10, 8, 4, 2],
    );
    const byPrefix = (await get('/api/audit?action=catalog.*&limit=100')).json().items;
    assert.deepEqual(
      byPrefix.map((e: { target: string }) => e.target),
      ['finding:f12', 'finding:f9', 'finding:f6', 'finding:f3'],
    );
    assert.deepEqual(
      (await get('/api/audit?target=finding:f7'))
        .json()
        .items.map((e: { details: { i: number } }) => e.details.i),
      [7],
    );
    // The audit log stamps real time, so the range is checked against the stored times.
    const all = (await get(`/api/audit?limit=500`)).json().items as Array<{ at: string; seq: number }>;
    assert.equal(all.length, base + 12);
    const mid = all[6] as { at: string; seq: number };
    const ranged = (await get(`/api/audit?from=${encodeURIComponent(mid.at)}&limit=500`)).json().items;
    assert.ok(ranged.every((e: { at: string }) => e.at >= mid.at));
    assert.ok(ranged.some((e: { seq: number }) => e.seq === mid.seq));
    const day = mid.at.slice(0, 10);
    const ofDay = (await get(`/api/audit?from=${day}&to=${day}&limit=500`)).json().items;
    assert.ok(ofDay.length > 0 && ofDay.every((e: { at: string }) => e.at.startsWith(day)));
    const bad = await get('/api/audit?from=yesterday-ish');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().details.field, 'querystring.from');
    assert.equal((await get('/api/audit?limit=0')).statusCode, 400);
  });

  test(`${dialect}: GET /api/audit/verify reports an intact chain, then the edited entry after tampering`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const auditor = await s.caller('auditor@example.com', [{ role: 'auditor', teamId: null }]);
    for (let i = 0; i < 5; i++)
      await s.auditLog.append({
        actor: 'person:x',
        action: 'catalog.team.create',
        target: `team:${i}`,
        details: {},
      });
    const verify = (query = '') =>
      s.app.inject({ url: `/api/audit/verify${query}`, headers: { authorization: auditor.bearer } });
    const ok = await verify();
    assert.equal(ok.statusCode, 200, ok.body);
    const report = ok.json();
    assert.equal(report.ok, true);
    assert.equal(report.entries, report.headSeq);
    assert.ok(report.lastCheckpoint.seq >= 1);
    assert.equal(report.pinned, false);
    assert.equal(report.unsigned, report.headSeq - report.signedThrough);

    await s.store.db
      .updateTable('audit_log')
      .set({ target: 'team:forged' })
      .where('target', '=', 'team:3')
      .execute();
    // Within a minute the viewer gets the same report; fresh=true verifies again.
    assert.equal((await verify()).json().checkedAt, report.checkedAt);
    assert.equal((await verify()).json().ok, true);
    const tampered = (await verify('?fresh=true')).json();
    assert.equal(tampered.ok, false);
    assert.equal(tampered.problem.kind, 'edited');
    const forged = await s.store.db
      .selectFrom('audit_log')
      .select('seq')
      .where('target', '=', 'team:forged')
      .executeTakeFirstOrThrow();
    assert.equal(tampered.problem.seq, Number(forged.seq));
  });

  test(`${dialect}: a pinned server key rejects checkpoints signed by another key`, async (t) => {
    const s = await testServer(t, dialect, { auditKeyIds: ['0000000000000000'] });
    if (!s) return;
    const auditor = await s.caller('auditor@example.com', [{ role: 'auditor', teamId: null }]);
    const res = await s.app.inject({ url: '/api/audit/verify', headers: { authorization: auditor.bearer } });
    assert.equal(res.json().pinned, true);
    assert.equal(res.json().ok, false);
    assert.equal(res.json().problem.kind, 'bad-checkpoint');
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finding, manyFindings, report } from '../../../test/fixtures/posture/reports.ts';
import { PostureError } from '../../posture/errors.ts';
import { slaPolicy } from '../../posture/sla.ts';
import type { Actor, FindingStatus } from '../../posture/types.ts';
import { parseUpload } from '../../posture/upload.ts';
import { TEST_DIALECTS } from '../testing/test-stores.ts';
import { type PostureFixture, postureFixture } from './posture-testing.ts';

const CI: Actor = { id: 'token:ci', roles: ['developer'] };
const DEV: Actor = { id: 'person:dev', roles: ['developer'] };
const RISK_OWNER: Actor = { id: 'person:ro', roles: ['risk-owner'] };
const DAY = 86_400_000;

function upload(service: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return parseUpload({ service, commit: 'abc123', branch: 'main', report: body, ...extra });
}

async function statuses(fx: PostureFixture, serviceId: string): Promise<Record<string, FindingStatus>> {
  const page = await fx.posture.list({ serviceIds: [serviceId] }, { limit: 1000, sort: 'severity' });
  const out: Record<string, FindingStatus> = {};
  for (const f of page.items) out[f.fingerprint] = f.status;
  return out;
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: lifecycle new → open → fixed → reopened, with events and audit`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const svc = await fx.service('checkout');
    const first = await fx.posture.ingest(upload('checkout', report([finding('a'), finding('b')])), CI);
    assert.equal(first.new, 2);
    assert.deepEqual(await statuses(fx, svc), { a: 'new', b: 'new' });

    fx.clock.now = new Date(fx.clock.now.getTime() + DAY);
    const second = await fx.posture.ingest(upload('checkout', report([finding('a')])), CI);
    assert.deepEqual([second.open, second.fixed, second.new], [1, 1, 0]);
    assert.deepEqual(await statuses(fx, svc), { a: 'open', b: 'fixed' });

    fx.clock.now = new Date(fx.clock.now.getTime() + DAY);
    const third = await fx.posture.ingest(upload('checkout', report([finding('a'), finding('b')])), CI);
    assert.equal(third.reopened, 1);
    assert.deepEqual(await statuses(fx, svc), { a: 'open', b: 'reopened' });

    const b = (await fx.posture.list({ serviceIds: [svc] }, { limit: 10, sort: 'severity' })).items.find(
      (f) => f.fingerprint === 'b',
    );
    assert.ok(b);
    const detail = await fx.posture.get(b.id);
    assert.deepEqual(
      detail.events.map((e) => [e.kind, e.from, e.to, e.actor]),
      [
        ['created', null, 'new', 'token:ci'],
        ['fixed', 'new', 'fixed', 'token:ci'],
        ['seen', 'fixed', 'reopened', 'token:ci'],
      ],
    );
    // First seen never moves; SLA counts from it (critical: 7 days).
    assert.equal(detail.firstSeenAt, '2026-01-01T00:00:00.000Z');
    assert.equal(detail.slaDueAt, '2026-01-08T00:00:00.000Z');
    assert.equal(detail.why, 'because it matters');
    assert.deepEqual(detail.frameworks, { 'cis-kubernetes': ['5.2.1'], 'nist-800-53': ['AC-6'] });
    assert.deepEqual(await fx.auditActions(), ['findings.upload', 'findings.upload', 'findings.upload']);
  });

  test(`${dialect}: partial scans, other targets and rules not run never mark findings fixed`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const svc = await fx.service('checkout');
    await fx.posture.ingest(
      upload('checkout', report([finding('a'), finding('b', 'RMP-TF-001', 'medium'), finding('c')])),
      CI,
    );
    // partial: full=false
    const partial = await fx.posture.ingest(upload('checkout', report([]), { full: false }), CI);
    assert.equal(partial.fixed, 0);
    // another target of the same service
    await fx.posture.ingest(upload('checkout', report([], { target: 'infra/' })), CI);
    // only the Kubernetes rules ran: the Terraform finding is not covered
    const k8s = await fx.posture.ingest(
      upload('checkout', report([finding('c')], { rules: ['RMP-K8S-001', 'RMP-K8S-002'] })),
      CI,
    );
    assert.equal(k8s.fixed, 1);
    assert.deepEqual(await statuses(fx, svc), { a: 'fixed', b: 'new', c: 'open' });
    // suppressed in the repository: seen, not fixed
    const sup = await fx.posture.ingest(upload('checkout', report([], { suppressed: ['c'] })), CI);
    assert.equal(sup.fixed, 1);
    assert.deepEqual(await statuses(fx, svc), { a: 'fixed', b: 'fixed', c: 'open' });
  });

  test(`${dialect}: waivers expire and reopen; risk acceptance needs a risk owner`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const svc = await fx.service('checkout');
    await fx.posture.ingest(upload('checkout', report([finding('a'), finding('b')])), CI);
    const items = (await fx.posture.list({ serviceIds: [svc] }, { limit: 10, sort: 'severity' })).items;
    const a = items.find((f) => f.fingerprint === 'a')?.id as string;
    const b = items.find((f) => f.fingerprint === 'b')?.id as string;

    await assert.rejects(
      fx.posture.waive([a], { reason: '', expiresAt: '2026-02-01T00:00:00Z' }, DEV),
      (e: unknown) => e instanceof PostureError && e.field === 'reason',
    );
    await assert.rejects(
      fx.posture.waive([a], { reason: 'later' }, DEV),
      (e: unknown) => e instanceof PostureError && e.field === 'expiresAt',
    );
    await fx.posture.waive(
      [a],
      { reason: 'compensating control', owner: 'alice', expiresAt: '2026-01-10T00:00:00Z' },
      DEV,
    );
    await assert.rejects(
      fx.posture.acceptRisk(b, { reason: 'ok' }, DEV),
      (e: unknown) => e instanceof PostureError && e.reason === 'forbidden',
    );
    await fx.posture.acceptRisk(b, { reason: 'business decision' }, RISK_OWNER);
    assert.deepEqual(await statuses(fx, svc), { a: 'waived', b: 'risk-accepted' });

    // Seen again while waived: stays waived.
    await fx.posture.ingest(upload('checkout', report([finding('a'), finding('b')])), CI);
    assert.deepEqual(await statuses(fx, svc), { a: 'waived', b: 'risk-accepted' });

    assert.equal(await fx.posture.sweep(new Date('2026-01-09T23:59:59Z')), 0);
    assert.equal(await fx.posture.sweep(new Date('2026-01-10T00:00:00Z')), 1);
    assert.deepEqual(await statuses(fx, svc), { a: 'reopened', b: 'risk-accepted' });
    assert.equal(
      await fx.posture.sweep(new Date('2026-01-11T00:00:00Z')),
      0,
      'an expired waiver reopens once',
    );
    const detail = await fx.posture.get(a);
    assert.deepEqual(
      detail.events.map((e) => [e.kind, e.to, e.actor]),
      [
        ['created', 'new', 'token:ci'],
        ['waiver', 'waived', 'person:dev'],
        ['exception-expired', 'reopened', 'system'],
      ],
    );
    assert.equal(detail.exceptions[0]?.status, 'expired');
    const actions = await fx.auditActions();
    assert.deepEqual(actions.slice(1), [
      'finding.waive',
      'finding.accept-risk',
      'findings.upload',
      'finding.exception-expired',
    ]);
  });

  test(`${dialect}: SLA and overdue with an injected clock and configured days`, async (t) => {
    const fx = await postureFixture(t, dialect, { sla: slaPolicy({ high: 2 }) });
    if (!fx) return;
    const svc = await fx.service('checkout');
    await fx.posture.ingest(
      upload('checkout', report([finding('h', 'RMP-K8S-002', 'high'), finding('i', 'RMP-K8S-001', 'info')])),
      CI,
    );
    const overdue = () => fx.posture.list({ serviceIds: [svc], overdue: true }, { limit: 10, sort: 'due' });
    assert.equal((await overdue()).items.length, 0);
    fx.clock.now = new Date('2026-01-03T00:00:01Z');
    const late = (await overdue()).items;
    assert.deepEqual(
      late.map((f) => [f.fingerprint, f.overdue, f.slaDueAt]),
      [['h', true, '2026-01-03T00:00:00.000Z']],
    );
    const info = (await fx.posture.list({ serviceIds: [svc] }, { limit: 10, sort: 'severity' })).items.find(
      (f) => f.fingerprint === 'i',
    );
    assert.equal(info?.slaDueAt, null, 'info has no SLA');
    const h = late[0]?.id as string;
    await fx.posture.waive([h], { reason: 'x', expiresAt: '2026-01-20T00:00:00Z' }, DEV);
    assert.equal((await overdue()).items.length, 0, 'a waived finding is not overdue');
  });

  test(`${dialect}: concurrent uploads of one service neither lose nor duplicate findings`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const svc = await fx.service('checkout');
    const batches = Array.from({ length: 6 }, (_, i) =>
      // overlapping fingerprints: every upload has shared ones and its own
      [...manyFindings(50, 'shared'), ...manyFindings(20, `own${i}`)],
    );
    // Partial uploads, so no upload fixes another's findings; the result must be their union.
    const results = await Promise.all(
      batches.map((b) => fx.posture.ingest(upload('checkout', report(b), { full: false }), CI)),
    );
    const page = await fx.posture.list({ serviceIds: [svc] }, { limit: 1000, sort: 'severity' });
    assert.equal(page.items.length, 50 + 6 * 20);
    assert.equal(new Set(page.items.map((f) => f.fingerprint)).size, page.items.length);
    // Exactly one upload created each shared finding.
    assert.equal(
      results.reduce((n, r) => n + r.new, 0),
      50 + 6 * 20,
    );
    const counts = await fx.posture.counts('status', { serviceIds: [svc] });
    assert.deepEqual(counts, [
      { key: 'new', count: 120 },
      { key: 'open', count: 50 },
    ]);
  });

  test(`${dialect}: concurrent full uploads are applied one at a time (the last one wins, nothing half-applied)`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const svc = await fx.service('checkout');
    const batches = Array.from({ length: 5 }, (_, i) => manyFindings(40, `full${i}`));
    await Promise.all(batches.map((b) => fx.posture.ingest(upload('checkout', report(b)), CI)));
    const all = (await fx.posture.list({ serviceIds: [svc] }, { limit: 1000, sort: 'severity' })).items;
    assert.equal(all.length, 200);
    const active = all.filter((f) => f.status !== 'fixed').map((f) => f.fingerprint);
    // Serialised: the active set is exactly one upload's findings, never a mix.
    const prefix = active[0]?.split('-')[1];
    assert.equal(active.length, 40);
    assert.ok(
      active.every((fp) => fp.split('-')[1] === prefix),
      active.join(' '),
    );
  });

  test(`${dialect}: posture counts, framework controls, trends and evidence`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const other = (await fx.catalog.createTeam('web')).id;
    await fx.service('checkout');
    await fx.service('shop', other);
    await fx.posture.ingest(
      upload('checkout', report([finding('a'), finding('b', 'RMP-TF-001', 'medium')])),
      CI,
    );
    await fx.posture.ingest(upload('shop', report([finding('c', 'RMP-K8S-002', 'high')])), CI);

    assert.deepEqual(await fx.posture.counts('service', {}), [
      { key: 'checkout', count: 2 },
      { key: 'shop', count: 1 },
    ]);
    assert.deepEqual(await fx.posture.counts('severity', { teamIds: [other] }), [{ key: 'high', count: 1 }]);
    assert.deepEqual(
      (await fx.posture.counts('rule', { framework: 'nist-800-53' })).map((r) => r.key).sort(),
      ['RMP-K8S-001', 'RMP-TF-001'],
    );

    const view = await fx.posture.controls('cis-kubernetes');
    const c521 = view.controls.find((c) => c.control === '5.2.1');
    assert.deepEqual(
      c521?.rules[0]?.services.map((s) => [s.service, s.result]),
      [
        ['checkout', 'fail'],
        ['shop', 'pass'],
      ],
    );
    await assert.rejects(
      fx.posture.controls('nope'),
      (e: unknown) => e instanceof PostureError && e.reason === 'not-found',
    );

    // Trend: day 1 has 1 critical + 1 medium (checkout) + 1 high (shop); day 3 checkout is clean.
    fx.clock.now = new Date('2026-01-03T10:00:00Z');
    await fx.posture.ingest(upload('checkout', report([])), CI);
    const trend = await fx.posture.trend(3);
    assert.deepEqual(
      trend.map((p) => [p.day, p.open.critical, p.open.high, p.open.medium]),
      [
        ['2026-01-01', 1, 1, 1],
        ['2026-01-02', 1, 1, 1],
        ['2026-01-03', 0, 1, 0],
      ],
    );

    const csv = await fx.posture.evidence('cis-kubernetes', 'csv');
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(
      lines[0],
      'framework,control,rule_id,rule_title,service,team_id,result,active_findings,excepted_findings,last_evaluated_at',
    );
    assert.ok(
      lines.includes(
        `cis-kubernetes,5.2.5,RMP-K8S-002,title of RMP-K8S-002,shop,${other},fail,1,0,2026-01-01T00:00:00.000Z`,
      ),
      csv,
    );
    const json = JSON.parse(await fx.posture.evidence('cis-kubernetes', 'json')) as {
      rows: Array<{ result: string }>;
    };
    assert.equal(json.rows.length, lines.length - 1);
  });

  test(`${dialect}: list pages through every sort without gaps or repeats; bad cursor is invalid`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const svc = await fx.service('checkout');
    await fx.posture.ingest(upload('checkout', report(manyFindings(37))), CI);
    for (const sort of ['severity', 'newest', 'oldest', 'due'] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 50; i++) {
        const page = await fx.posture.list(
          { serviceIds: [svc] },
          { limit: 5, sort, ...(after ? { after } : {}) },
        );
        seen.push(...page.items.map((f) => f.id));
        if (!page.next) break;
        after = page.next;
      }
      const expected = sort === 'due' ? 37 : 37; // every fixture severity has an SLA except info (none here)
      assert.equal(new Set(seen).size, expected, sort);
      assert.equal(seen.length, expected, sort);
    }
    await assert.rejects(
      fx.posture.list({}, { limit: 5, sort: 'severity', after: 'garbage' }),
      (e: unknown) => e instanceof PostureError && e.field === 'after',
    );
  });

  test(`${dialect}: unknown service is not found with a hint`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    await assert.rejects(
      fx.posture.ingest(upload('ghost', report([])), CI),
      (e: unknown) => e instanceof PostureError && e.reason === 'not-found' && (e.hint ?? '').length > 0,
    );
  });
}

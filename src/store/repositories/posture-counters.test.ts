import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import { FIXTURE_RULES, type FixtureFinding, report } from '../../../test/fixtures/posture/reports.ts';
import { seeded as mulberry32 } from '../../../test/support/random.ts';
import { SEVERITIES, type Severity } from '../../core/severity.ts';
import type { CountGroup, ListFilter } from '../../posture/repository.ts';
import type { TrendPoint } from '../../posture/service.ts';
import { slaPolicy } from '../../posture/sla.ts';
import { ACTIVE_STATUSES, type Actor } from '../../posture/types.ts';
import { parseUpload } from '../../posture/upload.ts';
import { postureCounters } from '../migrations/0005-posture-counters.ts';
import { postureRuleDueCounters } from '../migrations/0008-posture-rule-due-counters.ts';
import { postureTeamRollups } from '../migrations/0009-posture-team-rollups.ts';
import type { Store } from '../store.ts';
import { TEST_DIALECTS } from '../testing/test-stores.ts';
import { StoreCatalogRepository } from './catalog-store.ts';
import { type PostureFixture, postureFixture } from './posture-testing.ts';

// Replay a failure with RAMPART_TEST_SEED=<the seed in the message>.
const SEED = Number(process.env.RAMPART_TEST_SEED ?? randomInt(2 ** 31));
const STEPS = 45;
const CI: Actor = { id: 'token:ci', roles: ['developer'] };
const ANALYST: Actor = { id: 'person:analyst', roles: ['security', 'risk-owner'] };
const GROUPS: readonly CountGroup[] = ['team', 'service', 'severity', 'status', 'rule'];

interface Row {
  service_id: string;
  service_name: string;
  team_id: string;
  rule_id: string;
  severity: Severity;
  status: string;
  sla_due_at: string | null;
}

/** The brute force: every finding, counted in JavaScript. */
async function findingRows(store: Store): Promise<Row[]> {
  return (
    await sql<Row>`select f.service_id, s.name as service_name, f.team_id, f.rule_id, f.severity, f.status, f.sla_due_at
      from findings f join services s on s.id = f.service_id`.execute(store.db)
  ).rows;
}

function bruteCount(rows: readonly Row[], group: CountGroup, filter: ListFilter) {
  const key = {
    team: 'team_id',
    service: 'service_name',
    severity: 'severity',
    rule: 'rule_id',
    status: 'status',
  } as const;
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (filter.serviceIds && !filter.serviceIds.includes(r.service_id)) continue;
    if (filter.teamIds && !filter.teamIds.includes(r.team_id)) continue;
    if (filter.statuses && !(filter.statuses as readonly string[]).includes(r.status)) continue;
    if (filter.severities && !filter.severities.includes(r.severity)) continue;
    if (filter.ruleIds && !filter.ruleIds.includes(r.rule_id)) continue;
    if (
      filter.overdueAt !== undefined &&
      !(
        (ACTIVE_STATUSES as readonly string[]).includes(r.status) &&
        r.sla_due_at !== null &&
        r.sla_due_at < filter.overdueAt
      )
    )
      continue;
    counts.set(r[key[group]], (counts.get(r[key[group]]) ?? 0) + 1);
  }
  return [...counts]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function openBySeverity(
  rows: readonly Row[],
  only: (r: Row) => boolean = () => true,
): Record<Severity, number> {
  const open = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const r of rows)
    if ((ACTIVE_STATUSES as readonly string[]).includes(r.status) && only(r)) open[r.severity]++;
  return open;
}

/** Each counter table equals a GROUP BY over findings, row for row. */
async function assertCountersExact(store: Store, context: string): Promise<void> {
  for (const [table, key, where] of [
    ['posture_counts', sql`service_id || '|' || team_id || '|' || severity || '|' || status`, sql`true`],
    ['posture_rule_counts', sql`service_id || '|' || team_id || '|' || rule_id || '|' || status`, sql`true`],
    [
      'posture_due_counts',
      sql`service_id || '|' || team_id || '|' || severity || '|' || status || '|' || substr(sla_due_at, 1, 10)`,
      sql`status in ('new', 'open', 'reopened') and sla_due_at is not null`,
    ],
    // The team rollups (0009): the same sums without the service.
    ['posture_rule_totals', sql`team_id || '|' || rule_id || '|' || status`, sql`true`],
    [
      'posture_due_totals',
      sql`team_id || '|' || severity || '|' || status || '|' || substr(sla_due_at, 1, 10)`,
      sql`status in ('new', 'open', 'reopened') and sla_due_at is not null`,
    ],
  ] as const) {
    const keyed = (rows: Array<{ k: string; n: number | string }>) =>
      rows.map((r) => `${r.k}=${Number(r.n)}`).sort();
    const counters = await sql<{ k: string; n: number | string }>`select ${
      table === 'posture_due_counts'
        ? sql`service_id || '|' || team_id || '|' || severity || '|' || status || '|' || due_day`
        : table === 'posture_due_totals'
          ? sql`team_id || '|' || severity || '|' || status || '|' || due_day`
          : key
    } as k, finding_count as n from ${sql.table(table)}
    where finding_count <> 0`.execute(store.db);
    const expected = await sql<{ k: string; n: number | string }>`select ${key} as k, count(*) as n
      from findings where ${where} group by ${key}`.execute(store.db);
    assert.deepEqual(
      keyed(counters.rows),
      keyed(expected.rows),
      `${context}: ${table} ≠ COUNT(*) over findings`,
    );
  }
}

async function assertCountsMatch(fx: PostureFixture, filters: readonly ListFilter[], context: string) {
  const rows = await findingRows(fx.store);
  // Overdue is a matter of the clock: counted at the fixture's current time, as the route does.
  const overdueAt = fx.clock.now.toISOString();
  for (const group of GROUPS)
    for (const filter of filters) {
      const { overdueAt: overdue, ...rest } = filter;
      assert.deepEqual(
        await fx.posture.counts(group, overdue === undefined ? filter : { ...rest, overdue: true }),
        bruteCount(rows, group, overdue === undefined ? filter : { ...rest, overdueAt }),
        `${context}: counts by ${group} with ${JSON.stringify(filter)}`,
      );
    }
  return rows;
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: counters equal COUNT(*) over findings through random uploads, waivers, risk acceptances, expiries and fixes (seed ${SEED})`, async (t) => {
    // Short SLAs, so findings fall due (and overdue counts cross day boundaries) within the run.
    const fx = await postureFixture(t, dialect, {
      start: '2026-03-01T09:00:00.000Z',
      sla: slaPolicy({ critical: 1, high: 2, medium: 3, low: 4 }),
    });
    if (!fx) return;
    const random = mulberry32(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const web = (await fx.catalog.createTeam('web')).id;
    const services = [
      { name: 'checkout', id: await fx.service('checkout') },
      { name: 'ledger', id: await fx.service('ledger') },
      { name: 'shop', id: await fx.service('shop', web) },
    ];
    const filters: ListFilter[] = [
      {},
      { teamIds: [fx.teamId] },
      { teamIds: [web] },
      { statuses: ACTIVE_STATUSES },
      { teamIds: [web], statuses: ['waived', 'risk-accepted'] },
      { serviceIds: [(services[1] as { id: string }).id] },
      { overdueAt: 'now' },
      { teamIds: [fx.teamId], overdueAt: 'now', statuses: ['open', 'reopened'] },
      { ruleIds: ['RMP-K8S-001', 'RMP-TF-001'] },
      { teamIds: [web], ruleIds: ['RMP-K8S-002'], statuses: ACTIVE_STATUSES },
      { severities: ['critical', 'high'], statuses: ['fixed'] },
    ];
    // Expected open counts at the end of each simulated day, overall and per team.
    const days = new Map<string, Record<'all' | 'web' | 'ledger', Record<Severity, number>>>();
    const firstDay = fx.clock.now.toISOString().slice(0, 10);

    for (let step = 0; step < STEPS; step++) {
      const context = `seed ${SEED} step ${step}`;
      const roll = random();
      if (roll < 0.5) {
        const service = pick(services);
        const findings: FixtureFinding[] = [];
        for (let i = 0; i < 40; i++)
          if (random() < 0.4)
            findings.push({
              fingerprint: `fp-${i}`,
              ruleId: pick(FIXTURE_RULES).id,
              // The same fingerprint may come back with another severity.
              severity: random() < 0.8 ? (SEVERITIES[i % 5] as Severity) : pick(SEVERITIES),
            });
        const rules = FIXTURE_RULES.map((r) => r.id).filter(() => random() < 0.7);
        await fx.posture.ingest(
          parseUpload({
            service: service.name,
            full: random() < 0.75,
            report: report(findings, {
              target: random() < 0.8 ? '.' : 'infra',
              rules,
              suppressed: random() < 0.2 ? ['fp-1', 'fp-2'] : [],
            }),
          }),
          CI,
        );
      } else if (roll < 0.85) {
        const candidates = (
          await sql<{ id: string }>`select id from findings where status <> 'fixed' order by id`.execute(
            fx.store.db,
          )
        ).rows.map((r) => r.id);
        if (candidates.length > 0) {
          const ids = [
            ...new Set(Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(candidates))),
          ];
          const expiresAt = new Date(
            fx.clock.now.getTime() + (1 + Math.floor(random() * 72)) * 3_600_000,
          ).toISOString();
          if (random() < 0.7)
            await fx.posture.waive(ids, { reason: 'compensating control', expiresAt }, ANALYST);
          else
            await fx.posture.acceptRisk(
              ids[0] as string,
              { reason: 'accepted', ...(random() < 0.5 ? { expiresAt } : {}) },
              ANALYST,
            );
        }
      } else if (roll < 0.9) {
        // A service changes teams (the catalog's owner, then the posture rows and counters).
        const moved = pick(services);
        const owner = (
          await sql<{ t: string }>`select owner_team_id as t from services where id = ${moved.id}`.execute(
            fx.store.db,
          )
        ).rows[0]?.t;
        const to = owner === web ? fx.teamId : web;
        await sql`update services set owner_team_id = ${to} where id = ${moved.id}`.execute(fx.store.db);
        await fx.posture.serviceTeamChanged(moved.id);
      } else {
        // Time passes; expired waivers and acceptances reopen.
        fx.clock.now = new Date(fx.clock.now.getTime() + Math.floor(random() * 40) * 3_600_000);
        await fx.posture.sweep();
      }
      await assertCountersExact(fx.store, context);
      const rows = await assertCountsMatch(fx, step % 5 === 4 ? filters : filters.slice(0, 4), context);
      days.set(fx.clock.now.toISOString().slice(0, 10), {
        all: openBySeverity(rows),
        web: openBySeverity(rows, (r) => r.team_id === web),
        ledger: openBySeverity(rows, (r) => r.service_name === 'ledger'),
      });
    }

    // Each day's trend point is that day's last state; days without activity carry the last value.
    // The whole span, and a window starting midway (its start carried from before it).
    const span =
      Math.round((Date.parse(fx.clock.now.toISOString().slice(0, 10)) - Date.parse(firstDay)) / 86_400_000) +
      1;
    const expected = (scope: 'all' | 'web' | 'ledger', day: string) => {
      let value: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
      for (const [d, counts] of days) if (d <= day) value = counts[scope];
      return value;
    };
    for (const [scope, filter] of [
      ['all', {}],
      ['web', { teamIds: [web] }],
      ['ledger', { serviceIds: [(services[1] as { id: string }).id] }],
    ] as const)
      for (const window of new Set([span, Math.max(1, Math.ceil(span / 2))]))
        for (const point of await fx.posture.trend(window, filter))
          assert.deepEqual(
            point.open,
            expected(scope, point.day),
            `seed ${SEED}: trend (${scope}, ${window} days) on ${point.day}`,
          );
  });

  test(`${dialect}: parallel uploads to services of one team leave exact counters and the team's day total`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const names = ['a', 'b', 'c', 'd'];
    for (const name of names) await fx.service(name);
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        names.map((name, i) =>
          fx.posture.ingest(
            parseUpload({
              service: name,
              report: report(
                Array.from({ length: 10 + ((i * 7 + round * 3) % 11) }, (_, j) => ({
                  fingerprint: `fp-${round}-${j}`,
                  ruleId: 'RMP-K8S-001',
                  severity: SEVERITIES[(i + j) % 5] as Severity,
                })),
              ),
            }),
            CI,
          ),
        ),
      );
      await assertCountersExact(fx.store, `round ${round}`);
      const rows = await findingRows(fx.store);
      const trend: TrendPoint[] = await fx.posture.trend(1, { teamIds: [fx.teamId] });
      assert.deepEqual(
        trend.map((p) => p.open),
        [openBySeverity(rows)],
        `round ${round}: the team's trend point is its open count`,
      );
    }
  });

  test(`${dialect}: deleting a service takes its counts out of its team's rollups`, async (t) => {
    const fx = await postureFixture(t, dialect);
    if (!fx) return;
    const gone = await fx.service('gone');
    await fx.service('stays');
    for (const name of ['gone', 'stays'])
      await fx.posture.ingest(
        parseUpload({
          service: name,
          report: report([
            { fingerprint: 'a', ruleId: 'RMP-K8S-001', severity: 'critical' },
            { fingerprint: 'b', ruleId: 'RMP-TF-001', severity: 'low' },
          ]),
        }),
        CI,
      );
    await new StoreCatalogRepository(fx.store).deleteService(gone);
    await assertCountersExact(fx.store, 'after the delete');
    assert.deepEqual(await fx.posture.counts('rule', {}), [
      { key: 'RMP-K8S-001', count: 1 },
      { key: 'RMP-TF-001', count: 1 },
    ]);
  });

  test(`${dialect}: migrations 0005, 0008 and 0009 build the counters and team days from stored findings and snapshots`, async (t) => {
    const fx = await postureFixture(t, dialect, { start: '2026-01-01T10:00:00.000Z' });
    if (!fx) return;
    const web = (await fx.catalog.createTeam('web')).id;
    await fx.service('checkout');
    await fx.service('shop', web);
    const upload = (service: string, findings: FixtureFinding[]) =>
      fx.posture.ingest(parseUpload({ service, report: report(findings) }), CI);
    await upload('checkout', [
      { fingerprint: 'a', ruleId: 'RMP-K8S-001', severity: 'critical' },
      { fingerprint: 'b', ruleId: 'RMP-TF-001', severity: 'medium' },
    ]);
    fx.clock.now = new Date('2026-01-03T10:00:00.000Z');
    await upload('shop', [{ fingerprint: 'c', ruleId: 'RMP-K8S-002', severity: 'high' }]);
    fx.clock.now = new Date('2026-01-04T10:00:00.000Z');
    await upload('checkout', [{ fingerprint: 'b', ruleId: 'RMP-TF-001', severity: 'medium' }]);
    fx.clock.now = new Date('2026-01-05T10:00:00.000Z');
    const before = await fx.posture.trend(5);
    const beforeWeb = await fx.posture.trend(5, { teamIds: [web] });

    const db = fx.store.db as never;
    await postureTeamRollups.down?.(db);
    await postureRuleDueCounters.down?.(db);
    await postureCounters.down?.(db);
    await postureCounters.up(db);
    await postureRuleDueCounters.up(db);
    await postureTeamRollups.up(db);
    await assertCountersExact(fx.store, 'after the backfill');
    assert.deepEqual(await fx.posture.trend(5), before);
    assert.deepEqual(await fx.posture.trend(5, { teamIds: [web] }), beforeWeb);
    assert.deepEqual(
      before.map((p) => [p.day, p.open.critical, p.open.high, p.open.medium]),
      [
        ['2026-01-01', 1, 0, 1],
        ['2026-01-02', 1, 0, 1],
        ['2026-01-03', 1, 1, 1],
        ['2026-01-04', 0, 1, 1],
        ['2026-01-05', 0, 1, 1],
      ],
    );
  });
}

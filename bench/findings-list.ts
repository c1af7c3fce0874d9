/**
 * Findings list and dashboard aggregates over 1,000,000 stored findings (issue 4 §8): list p95
 * ≤ 50 ms for several filter combinations and pages deep in the cursor, aggregates (posture
 * counts, trend) ≤ 200 ms. Each query is timed through app.inject() and over a real loopback
 * HTTP port. One JSON line per database.
 *
 *   nice npx tsx bench/findings-list.ts [--findings N] [--runs N] [--only sqlite|postgres]
 * PostgreSQL from RAMPART_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test), in
 * a throwaway schema; skipped with a reason when unreachable.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { type Kysely, sql } from 'kysely';
import { severityRank } from '../src/core/severity.ts';
import { CatalogRepository } from '../src/store/repositories/catalog-repository.ts';
import { jsonBulkInsert } from '../src/store/repositories/json-bulk-insert.ts';
import { FINDING_COLUMNS, StorePostureRepository } from '../src/store/repositories/posture-repository.ts';
import type { Store } from '../src/store/store.ts';
import { seeded as rng } from '../test/support/random.ts';
import { arg, type BenchDatabase, benchServer, eachDatabase } from './gen/control-plane.ts';
import { ms, peakRssMb, printLine } from './measure.ts';

const COUNT = Number(arg('--findings') ?? 1_000_000);
const RUNS = Number(arg('--runs') ?? 20);
const TEAMS = 25;
const SERVICES = 250;
const RULES = 400;
const DAYS = 90;
const LIST_TARGET_MS = 50;
const AGGREGATE_TARGET_MS = 200;

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
// Real backlogs are bottom-heavy: few criticals, many lows.
const SEVERITY_WEIGHTS = [0.03, 0.12, 0.35, 0.35, 0.15];
const STATUSES = ['new', 'open', 'fixed', 'reopened', 'waived', 'risk-accepted'] as const;
const STATUS_WEIGHTS = [0.05, 0.45, 0.4, 0.03, 0.05, 0.02];

function pick<T>(values: readonly T[], weights: readonly number[], r: number): T {
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += weights[i] as number;
    if (r < acc) return values[i] as T;
  }
  return values[values.length - 1] as T;
}

interface Seeded {
  readonly teams: Array<{ id: string; name: string }>;
  readonly services: Array<{ id: string; name: string; teamId: string }>;
  readonly seedMs: number;
  /** All services' recounts, and the slowest one. */
  readonly recountMs: number;
  readonly slowestRecountMs: number;
}

async function seed(store: Store): Promise<Seeded> {
  const start = process.hrtime.bigint();
  process.stderr.write(`seeding ${COUNT} findings into ${store.dialect}\n`);
  const catalog = new CatalogRepository(store);
  const teams: Seeded['teams'] = [];
  for (let t = 0; t < TEAMS; t++) {
    const team = await catalog.createTeam(`team-${t}`);
    teams.push({ id: team.id, name: `team-${t}` });
  }
  const services: Seeded['services'] = [];
  for (let s = 0; s < SERVICES; s++) {
    const team = teams[s % TEAMS] as Seeded['teams'][number];
    const name = `svc-${s}`;
    const service = await catalog.createService({ name, ownerTeamId: team.id });
    services.push({ id: service.id, name, teamId: team.id });
  }
  const random = rng(42);
  const now = Date.now();
  const BATCH = 20_000;
  await store.db.transaction().execute(async (trx) => {
    for (let from = 0; from < COUNT; from += BATCH) {
      const rows: Array<Record<string, string | number | null>> = [];
      for (let i = from; i < Math.min(COUNT, from + BATCH); i++) {
        // Service sizes are skewed: a few big monoliths carry most findings.
        const service = services[Math.floor(random() ** 2 * SERVICES)] as Seeded['services'][number];
        const severity = pick(SEVERITIES, SEVERITY_WEIGHTS, random());
        const status = pick(STATUSES, STATUS_WEIGHTS, random());
        const rule = Math.floor(random() ** 1.5 * RULES);
        const firstSeen = new Date(now - Math.floor(random() * DAYS * 86_400_000)).toISOString();
        const lastSeen = new Date(now - Math.floor(random() * 86_400_000)).toISOString();
        rows.push({
          id: randomUUID(),
          service_id: service.id,
          team_id: service.teamId,
          fingerprint: `fp-${i}`,
          rule_id: `RAMP-${String(rule).padStart(4, '0')}`,
          severity,
          severity_rank: severityRank(severity),
          status,
          title: `Rule ${rule} violated in resource ${i % 997}`,
          file: `infra/module-${i % 53}/main.tf`,
          line: 1 + (i % 400),
          first_seen_at: firstSeen,
          last_seen_at: lastSeen,
          fixed_at: status === 'fixed' ? lastSeen : null,
          sla_due_at: new Date(Date.parse(firstSeen) + 30 * 86_400_000).toISOString(),
          data: '{"message":"bench finding"}',
          created_at: firstSeen,
          updated_at: lastSeen,
          analyzer: 'policy',
          scope_target: '.',
        });
      }
      await jsonBulkInsert(trx as unknown as Kysely<never>, store.dialect, 'findings', FINDING_COLUMNS, rows);
    }
    // 90 days of history for the trend chart: a snapshot per service and severity, and each
    // team's sum of its services' values (what uploads and waivers write day by day).
    const snapshots: Array<Record<string, string | number | null>> = [];
    const teamDays = new Map<string, Record<string, string | number | null>>();
    for (let d = 1; d < DAYS; d++) {
      const day = new Date(now - d * 86_400_000).toISOString().slice(0, 10);
      for (const service of services)
        for (const severity of SEVERITIES) {
          const open = Math.floor(random() * 500);
          snapshots.push({
            service_id: service.id,
            team_id: service.teamId,
            day,
            severity,
            open_count: open,
          });
          const key = `${service.teamId}|${day}|${severity}`;
          const team = teamDays.get(key) ?? { team_id: service.teamId, day, severity, open_count: 0 };
          team.open_count = (team.open_count as number) + open;
          teamDays.set(key, team);
        }
    }
    for (const [table, rows, columns] of [
      ['posture_snapshots', snapshots, ['service_id', 'team_id', 'day', 'severity', 'open_count']],
      ['posture_team_days', [...teamDays.values()], ['team_id', 'day', 'severity', 'open_count']],
    ] as const)
      for (let from = 0; from < rows.length; from += BATCH)
        await jsonBulkInsert(
          trx as unknown as Kysely<never>,
          store.dialect,
          table,
          columns.map((c) => [c, c === 'open_count' ? 'integer' : 'text'] as const),
          rows.slice(from, from + BATCH),
        );
  });
  // Fresh statistics, as autovacuum/ANALYZE would give a long-running install (and before the
  // recounts: PostgreSQL plans a fresh table's queries as if it were empty).
  await sql`analyze`.execute(store.db);
  // The counters and today's values, through the path every upload takes (rows were inserted
  // directly above, so nothing has counted them yet).
  const recountStart = process.hrtime.bigint();
  const repository = new StorePostureRepository(store);
  const today = new Date(now).toISOString().slice(0, 10);
  // The slowest is what a one-finding waiver in the biggest service pays on top of its write.
  let slowestRecountMs = 0;
  for (const service of services) {
    const one = process.hrtime.bigint();
    await repository.withServiceLock(service.id, (tx) => tx.recount(service, today));
    slowestRecountMs = Math.max(slowestRecountMs, ms(one));
  }
  const recountMs = ms(recountStart);
  // Fresh statistics, as autovacuum/ANALYZE would give a long-running install.
  await sql`analyze`.execute(store.db);
  const seedMs = ms(start);
  process.stderr.write(`seeded in ${seedMs} ms\n`);
  return { teams, services, seedMs, recountMs, slowestRecountMs };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function stats(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] as number,
  };
}

async function bench(database: BenchDatabase, store: Store): Promise<void> {
  const { teams, services, seedMs, recountMs, slowestRecountMs } = await seed(store);
  // A security analyst reads every team: the widest (slowest) list and aggregates.
  // Without the read cache: the same URL 20 times must run its queries 20 times.
  const server = await benchServer(store, { role: 'security', teamId: null }, { readCache: false });
  try {
    const { app, headers, url: base } = server;
    const big = services[0] as Seeded['services'][number];
    const team = teams[0] as Seeded['teams'][number];

    const viaInject = async (url: string): Promise<{ status: number; body: string }> => {
      const r = await app.inject({ method: 'GET', url, headers });
      return { status: r.statusCode, body: r.body };
    };
    const viaHttp = async (url: string): Promise<{ status: number; body: string }> => {
      try {
        const r = await fetch(`${base}${url}`, { headers });
        return { status: r.status, body: await r.text() };
      } catch {
        // A kept-alive socket the server closed while a slow inject() ran: once more, new socket.
        const r = await fetch(`${base}${url}`, { headers: { ...headers, connection: 'close' } });
        return { status: r.status, body: await r.text() };
      }
    };
    type Call = typeof viaInject;
    const time = async (call: Call, url: string): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS + 3; i++) {
        const start = process.hrtime.bigint();
        const r = await call(url);
        const elapsed = ms(start);
        if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.body.slice(0, 300)}`);
        if (i >= 3) samples.push(elapsed); // the first runs warm caches and JIT
      }
      return samples;
    };
    /** The cursor `depth` pages into a listing, fetched once, so deep pages can be timed. */
    const deepUrl = async (url: string, depth: number): Promise<string> => {
      let next: string | undefined;
      for (let i = 0; i < depth; i++) {
        const sep = url.includes('?') ? '&' : '?';
        const r = await viaInject(next ? `${url}${sep}after=${encodeURIComponent(next)}` : url);
        next = (JSON.parse(r.body) as { next?: string }).next;
        if (!next) break;
      }
      const sep = url.includes('?') ? '&' : '?';
      return next ? `${url}${sep}after=${encodeURIComponent(next)}` : url;
    };

    const lists: Record<string, string> = {
      all: '/api/findings?limit=50',
      service: `/api/findings?service=${big.name}&limit=50`,
      team_active: `/api/findings?team=${team.id}&status=new,open,reopened&limit=50`,
      critical_high_active: '/api/findings?severity=critical,high&status=new,open,reopened&limit=50',
      rule: '/api/findings?rule=RAMP-0001&limit=50',
      newest: '/api/findings?sort=newest&limit=50',
      due: '/api/findings?sort=due&status=open&limit=50',
      all_page_100: await deepUrl('/api/findings?limit=50', 100),
      service_page_50: await deepUrl(`/api/findings?service=${big.name}&limit=50`, 50),
    };
    const aggregates: Record<string, string> = {
      counts_team: '/api/posture/counts?by=team&active=true',
      counts_severity: '/api/posture/counts?by=severity&active=true',
      counts_service: '/api/posture/counts?by=service',
      counts_rule_team: `/api/posture/counts?by=rule&team=${team.id}&active=true`,
      // What the dashboard page asks besides the above: open findings by rule, overdue by severity.
      counts_rule: '/api/posture/counts?by=rule&active=true',
      counts_overdue_severity: '/api/posture/counts?by=severity&active=true&overdue=true',
      trend_30: '/api/posture/trend?days=30',
      trend_90: '/api/posture/trend?days=90',
    };
    const results: Record<string, unknown> = {};
    let listWorst = 0;
    let aggregateWorst = 0;
    for (const [group, urls, target] of [
      ['list', lists, LIST_TARGET_MS],
      ['aggregate', aggregates, AGGREGATE_TARGET_MS],
    ] as const) {
      for (const [name, url] of Object.entries(urls)) {
        const inject = stats(await time(viaInject, url));
        const http = stats(await time(viaHttp, url));
        results[`${group}.${name}`] = { inject, http, pass: Math.max(inject.p95, http.p95) <= target };
        process.stderr.write(`${database} ${group}.${name} ${JSON.stringify(results[`${group}.${name}`])}\n`);
        const worst = Math.max(inject.p95, http.p95);
        if (group === 'list') listWorst = Math.max(listWorst, worst);
        else aggregateWorst = Math.max(aggregateWorst, worst);
      }
    }
    printLine({
      bench: 'findings-list',
      database,
      findings: COUNT,
      services: SERVICES,
      teams: TEAMS,
      runs: RUNS,
      seedMs,
      recountMs,
      slowestRecountMs,
      listWorstP95Ms: listWorst,
      listTargetMs: LIST_TARGET_MS,
      aggregateWorstP95Ms: aggregateWorst,
      aggregateTargetMs: AGGREGATE_TARGET_MS,
      pass: listWorst <= LIST_TARGET_MS && aggregateWorst <= AGGREGATE_TARGET_MS,
      results,
      loadAverage: loadavg()[0],
      peakRssMb: peakRssMb(),
    });
  } finally {
    await server.close();
  }
}

await eachDatabase('findings-list', arg('--only'), bench);

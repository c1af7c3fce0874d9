/**
 * The audit log viewer's reads (GET /api/audit, docs/audit.md) over a large chain: the first
 * page, a page deep in the cursor, and each filter (actor, target, exact action, rare action,
 * action prefix, one day, a day + action). Rows are bulk-inserted with placeholder hashes: the
 * viewer only lists, it does not verify (verification speed is measured by the audit tests).
 * Timed over a real loopback HTTP port; one JSON line per database.
 *
 *   nice npx tsx bench/audit-viewer.ts [--entries N] [--runs N] [--only sqlite|postgres]
 */
import { loadavg } from 'node:os';
import { jsonBulkInsert } from '../src/store/repositories/json-bulk-insert.ts';
import type { Store } from '../src/store/store.ts';
import { seeded } from '../test/support/random.ts';
import { arg, benchServer, eachDatabase } from './gen/control-plane.ts';
import { ms, peakRssMb, printLine } from './measure.ts';

const COUNT = Number(arg('--entries') ?? 500_000);
const RUNS = Number(arg('--runs') ?? 20);
const BATCH = 10_000;
const START = Date.parse('2025-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;

// What a busy control plane writes: mostly CI token uses and uploads, few human decisions.
const ACTIONS: ReadonlyArray<readonly [string, number]> = [
  ['auth.token.use', 0.45],
  ['findings.upload', 0.4],
  ['auth.sign-in', 0.1],
  ['finding.waive', 0.04],
  ['finding.exception-request', 0.009],
  ['catalog.team.create', 0.001],
];

function pick(random: () => number): string {
  let r = random();
  for (const [action, weight] of ACTIONS) {
    r -= weight;
    if (r <= 0) return action;
  }
  return 'auth.token.use';
}

async function fill(store: Store): Promise<void> {
  const random = seeded(7);
  const columns = [
    ['seq', 'integer'],
    ['at', 'text'],
    ['actor', 'text'],
    ['action', 'text'],
    ['target', 'text'],
    ['details', 'text'],
    ['hash', 'text'],
  ] as const;
  for (let from = 1; from <= COUNT; from += BATCH) {
    const rows: Array<Record<string, string | number>> = [];
    for (let seq = from; seq < Math.min(from + BATCH, COUNT + 1); seq++)
      rows.push({
        seq,
        at: new Date(START + Math.floor((seq / COUNT) * YEAR_MS)).toISOString(),
        actor: `person:p${Math.floor(random() * 500)}`,
        action: pick(random),
        target: `finding:f${Math.floor(random() * 10_000)}`,
        details: '{"reason":"bench"}',
        hash: '0'.repeat(64),
      });
    await store.withExclusiveLock('audit-chain', (trx) =>
      jsonBulkInsert(trx as never, store.dialect, 'audit_log', columns, rows),
    );
  }
}

const mid = new Date(START + YEAR_MS / 2).toISOString().slice(0, 10);
const QUERIES: Record<string, string> = {
  first: '',
  deep: `before=${Math.floor(COUNT / 2)}`,
  actor: 'actor=person:p42',
  target: 'target=finding:f4242',
  action: 'action=finding.waive',
  rareAction: 'action=catalog.team.create',
  prefix: `action=${encodeURIComponent('finding.*')}`,
  day: `from=${mid}&to=${mid}`,
  dayAndAction: `from=${mid}&to=${mid}&action=finding.waive`,
};

await eachDatabase('audit-viewer', arg('--only'), async (database, store) => {
  const t0 = process.hrtime.bigint();
  await fill(store);
  const fillMs = ms(t0);
  const server = await benchServer(store, { role: 'auditor', teamId: null });
  const figures: Record<string, { p50: number; p95: number; items: number }> = {};
  const cpu = process.cpuUsage();
  try {
    for (const [name, query] of Object.entries(QUERIES)) {
      const times: number[] = [];
      let items = 0;
      for (let i = 0; i < RUNS; i++) {
        const start = process.hrtime.bigint();
        const res = await fetch(`${server.url}/api/audit?limit=50${query ? `&${query}` : ''}`, {
          headers: server.headers,
        });
        const body = (await res.json()) as { items?: unknown[] };
        if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${JSON.stringify(body)}`);
        times.push(ms(start));
        items = body.items?.length ?? 0;
      }
      times.sort((a, b) => a - b);
      figures[name] = {
        p50: times[Math.floor(RUNS / 2)] ?? 0,
        p95: times[Math.min(RUNS - 1, Math.ceil(RUNS * 0.95) - 1)] ?? 0,
        items,
      };
    }
  } finally {
    await server.close();
  }
  const used = process.cpuUsage(cpu);
  printLine({
    bench: 'audit-viewer',
    database,
    entries: COUNT,
    runs: RUNS,
    fillMs,
    ms: figures,
    serverAndClientCpuMs: Math.round((used.user + used.system) / 1000),
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    peakRssMb: peakRssMb(),
  });
});

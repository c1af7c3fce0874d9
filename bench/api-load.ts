/**
 * API under load (issue 4 §8): 200 concurrent clients on loopback against a real listening server
 * (buildServer + listen, as `rampart serve` does), on SQLite and PostgreSQL. The clients
 * (autocannon) run in a child process, as real clients would, so they do not share the server's
 * event loop. Read endpoints: a findings list page and a dashboard count (API token of a team's
 * developer) and /healthz. Targets: 0 errors/non-2xx, p99 ≤ 100 ms. Measured in the steady
 * state: after the rules catalog has loaded and a 2 s unmeasured warm-up of every endpoint.
 *
 * Two load models, both reported:
 * - `paced`: each of the 200 clients sends R requests a second (default 1, i.e. 200 requests/s in
 *   all); latency counts from when a request was due, so a stalled server is not hidden
 *   (autocannon's coordinated-omission correction). autocannon starts every client's second at
 *   the same moment, so this is a burst of 200 simultaneous requests each second: its p99 is
 *   about 200 × the server's time per request. The pass/fail is on this run.
 * - `saturation`: every client sends its next request the moment the last one answers. This
 *   measures capacity (requests/s); its latency is queueing, clients ÷ throughput, whatever the
 *   server does per request (200 clients at 1,000 requests/s wait 200 ms).
 * Each endpoint also reports the server's CPU time per request (this process), which depends
 * little on what else the machine runs, and on PostgreSQL running here its backends' CPU per
 * request (bench/gen/postgres-backend-cpu.ts). One JSON line per database.
 *
 *   nice npx tsx bench/api-load.ts [--findings N] [--seconds S] [--rate R] [--only sqlite|postgres]
 *     [--no-read-cache]
 * The findings arrive through the upload API. PostgreSQL from RAMPART_TEST_POSTGRES_URL.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { manyFindings, report } from '../test/fixtures/posture/reports.ts';
import { arg, benchServer, benchService, eachDatabase } from './gen/control-plane.ts';
import { PostgresBackendCpu } from './gen/postgres-backend-cpu.ts';
import { peakRssMb, printLine } from './measure.ts';

const FINDINGS = Number(arg('--findings') ?? 10_000);
const SECONDS = Math.min(Number(arg('--seconds') ?? 8), 20);
const RATE = Number(arg('--rate') ?? 1);
const WARM_UP_SECONDS = 2;
/** --no-read-cache: every request runs its queries (what the read cache saves). */
const READ_CACHE = !process.argv.includes('--no-read-cache');
const CONNECTIONS = 200;
const P99_TARGET_MS = 100;

interface Figures {
  readonly requests: number;
  readonly rps: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly serverCpuMsPerRequest: number;
  /** PostgreSQL only, when it runs on this machine: its backends' CPU per request. */
  readonly databaseCpuMsPerRequest?: number;
}

/** What the client process measures; the CPU figures are added by the server side. */
type ClientFigures = Omit<Figures, 'serverCpuMsPerRequest' | 'databaseCpuMsPerRequest'>;

const perRequest = (ms: number, requests: number) => Math.round((ms / Math.max(1, requests)) * 1000) / 1000;

// The client process: autocannon with the options from the environment, its result on stdout.
const CLIENT = `
import autocannon from 'autocannon';
const result = await autocannon(JSON.parse(process.env.RAMPART_LOAD));
process.stdout.write(JSON.stringify({
  requests: result.requests.total, rps: Math.round(result.requests.average), errors: result.errors,
  timeouts: result.timeouts, non2xx: result.non2xx, p50: result.latency.p50, p90: result.latency.p90,
  p99: result.latency.p99, max: result.latency.max,
}));`;

function autocannon(
  url: string,
  headers: Record<string, string>,
  rate: number | undefined,
  seconds = SECONDS,
): Promise<ClientFigures> {
  const options = {
    url,
    headers,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    ...(rate ? { connectionRate: rate } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CLIENT], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, RAMPART_LOAD: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`autocannon exited with ${code}`));
      else resolve(JSON.parse(out) as ClientFigures);
    });
  });
}

async function load(
  url: string,
  headers: Record<string, string>,
  rate?: number,
  database?: PostgresBackendCpu,
): Promise<Figures> {
  const cpu = process.cpuUsage();
  const databaseBefore = database?.ms();
  const figures = await autocannon(url, headers, rate);
  const used = process.cpuUsage(cpu);
  const databaseAfter = database?.ms();
  return {
    ...figures,
    serverCpuMsPerRequest: perRequest((used.user + used.system) / 1000, figures.requests),
    ...(databaseBefore !== undefined && databaseAfter !== undefined
      ? { databaseCpuMsPerRequest: perRequest(databaseAfter - databaseBefore, figures.requests) }
      : {}),
  };
}

await eachDatabase('api-load', arg('--only'), async (database, store) => {
  const { teamId, service } = await benchService(store);
  const server = await benchServer(store, { role: 'developer', teamId }, { readCache: READ_CACHE });
  try {
    const uploaded = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: { ...server.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        service,
        commit: 'c',
        branch: 'main',
        report: report(manyFindings(FINDINGS, 'a')),
      }),
    });
    if (uploaded.status !== 201) throw new Error(`seed upload failed: ${uploaded.status}`);
    // PostgreSQL's autovacuum analyzes a table within a minute of a big change; until then a
    // fresh table's statistics say "empty" and the list plans a sort of every row (43 ms instead
    // of 0.2 ms). Measure the steady state, as findings-list does. SQLite never analyzes by itself.
    if (database === 'postgres') await sql`analyze`.execute(store.db);
    const endpoints = {
      '/api/findings?limit=50&status=new,open': server.headers,
      '/api/posture/counts?by=severity&active=true': server.headers,
      '/healthz': {},
    };
    // Steady state, as a long-running server is: the rules catalog (loaded in the background from
    // listen) is ready and every endpoint has been JIT-compiled before anything is measured.
    const rules = await fetch(`${server.url}/api/rules`, { headers: server.headers });
    if (rules.status !== 200) throw new Error(`warm-up: GET /api/rules answered ${rules.status}`);
    for (const [path, headers] of Object.entries(endpoints))
      await autocannon(`${server.url}${path}`, headers, undefined, WARM_UP_SECONDS);
    // After the warm-up, which opened every pooled connection.
    const backends = database === 'postgres' ? await PostgresBackendCpu.of(store) : undefined;
    const paced: Record<string, Figures> = {};
    for (const [path, headers] of Object.entries(endpoints)) {
      paced[path] = await load(`${server.url}${path}`, headers, RATE, backends);
      process.stderr.write(`${database} paced ${path} ${JSON.stringify(paced[path])}\n`);
    }
    const saturation: Record<string, Figures> = {};
    for (const [path, headers] of Object.entries(endpoints).slice(0, 2)) {
      saturation[path] = await load(`${server.url}${path}`, headers, undefined, backends);
      process.stderr.write(`${database} saturation ${path} ${JSON.stringify(saturation[path])}\n`);
    }
    const all = Object.values(paced);
    const errors = [...all, ...Object.values(saturation)].reduce(
      (n, r) => n + r.errors + r.timeouts + r.non2xx,
      0,
    );
    const worstP99 = Math.max(...all.map((r) => r.p99));
    printLine({
      bench: 'api-load',
      database,
      connections: CONNECTIONS,
      secondsPerEndpoint: SECONDS,
      findings: FINDINGS,
      pacedRatePerClient: RATE,
      readCache: READ_CACHE,
      paced,
      saturation,
      errors,
      worstP99Ms: worstP99,
      p99TargetMs: P99_TARGET_MS,
      pass: errors === 0 && worstP99 <= P99_TARGET_MS,
      loadAverage: loadavg()[0],
      peakRssMb: peakRssMb(),
    });
  } finally {
    await server.close();
  }
});

/**
 * API under load (issue 4 §8): 200 concurrent clients on loopback against a real listening
 * server (buildServer + listen, as `rampart serve` does) reading /api/findings (token auth) and
 * /healthz. Targets: 0 errors/non-2xx, p99 ≤ 100 ms. Each endpoint is loaded for DURATION
 * seconds (total ≤ 20 s). One JSON line.
 *
 *   nice npx tsx bench/api-load.ts [--findings N] [--seconds S]
 * SQLite in a temporary directory; the findings arrive through the upload API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { AuditLog } from '../src/audit/audit-log.ts';
import { generateSigner } from '../src/audit/signing-key.ts';
import { PERMISSIONS } from '../src/catalog/roles.ts';
import { StoreAccountRepository } from '../src/server/auth/store-accounts.ts';
import { buildServer } from '../src/server/build-server.ts';
import { openStore } from '../src/store/open-store.ts';
import { StoreAuditRepository } from '../src/store/repositories/audit-repository.ts';
import { CatalogRepository } from '../src/store/repositories/catalog-repository.ts';
import { manyFindings, report } from '../test/fixtures/posture/reports.ts';
import { peakRssMb, printLine } from './measure.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const FINDINGS = Number(arg('--findings') ?? 10_000);
// Two endpoints, each loaded this long: the whole load stays within 20 s.
const SECONDS = Math.min(Number(arg('--seconds') ?? 8), 10);
const CONNECTIONS = 200;
const P99_TARGET_MS = 100;

interface Figures {
  readonly requests: number;
  readonly rps: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

async function load(url: string, headers: Record<string, string>): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers,
    timeout: 10,
  });
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-load-'));
const store = await openStore({ kind: 'sqlite', file: join(dir, 'rampart.db') });
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
  const headers = { authorization: `Bearer ${secret}` };
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  if (!base.startsWith('http://127.0.0.1:')) throw new Error(`not on loopback: ${base}`);
  const uploaded = await fetch(`${base}/api/uploads`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      service: 'bench-service',
      commit: 'c',
      branch: 'main',
      report: report(manyFindings(FINDINGS, 'a')),
    }),
  });
  if (uploaded.status !== 201) throw new Error(`seed upload failed: ${uploaded.status}`);

  const findings = await load(`${base}/api/findings?limit=50&status=new,open`, headers);
  const health = await load(`${base}/healthz`, {});
  const worstP99 = Math.max(findings.p99, health.p99);
  const errors =
    findings.errors + findings.timeouts + findings.non2xx + health.errors + health.timeouts + health.non2xx;
  printLine({
    bench: 'api-load',
    database: 'sqlite',
    connections: CONNECTIONS,
    secondsPerEndpoint: SECONDS,
    findings: FINDINGS,
    '/api/findings': findings,
    '/healthz': health,
    errors,
    worstP99Ms: worstP99,
    p99TargetMs: P99_TARGET_MS,
    pass: errors === 0 && worstP99 <= P99_TARGET_MS,
    peakRssMb: peakRssMb(),
  });
  await app.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Upload of a 10,000-finding scan end to end (issue 4 §8, target ≤ 2 s): JSON body → HTTP on
 * loopback → auth → validation → per-service transaction (findings, events, counters) → audit
 * entry → answer. Twice per database: the first upload inserts 10,000 findings, the second (a
 * later scan with 10 % fixed and 10 % new) updates them. One JSON line per database and run, with
 * wall time and the CPU time of this Node process (the server; PostgreSQL's own work is not in it).
 *
 *   nice npx tsx bench/upload.ts [--findings N] [--only sqlite|postgres]
 * PostgreSQL from RAMPART_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test), in
 * a throwaway schema; skipped with a reason when unreachable.
 */
import { loadavg } from 'node:os';
import { manyFindings, report } from '../test/fixtures/posture/reports.ts';
import { arg, benchServer, benchService, eachDatabase } from './gen/control-plane.ts';
import { ms, peakRssMb, printLine } from './measure.ts';

const COUNT = Number(arg('--findings') ?? 10_000);
const TARGET_MS = 2000;

await eachDatabase('upload', arg('--only'), async (database, store) => {
  const { teamId, service } = await benchService(store);
  const server = await benchServer(store, { role: 'developer', teamId });
  try {
    const first = manyFindings(COUNT, 'a');
    // A later scan: the first 10 % fixed, 10 % new.
    const tenth = Math.floor(COUNT / 10);
    const second = [...first.slice(tenth), ...manyFindings(tenth, 'b')];
    for (const [run, findings] of [
      ['insert', first],
      ['rescan', second],
    ] as const) {
      const body = JSON.stringify({ service, commit: 'c', branch: 'main', report: report(findings) });
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const response = await fetch(`${server.url}/api/uploads`, {
        method: 'POST',
        headers: { ...server.headers, 'content-type': 'application/json' },
        body,
      });
      const answer = (await response.json()) as Record<string, unknown>;
      const elapsed = ms(start);
      const used = process.cpuUsage(cpu);
      if (response.status !== 201)
        throw new Error(`upload failed: ${response.status} ${JSON.stringify(answer)}`);
      printLine({
        bench: 'upload',
        database,
        run,
        findings: findings.length,
        bodyMb: Math.round(body.length / 1e4) / 100,
        ms: elapsed,
        cpuMs: Math.round((used.user + used.system) / 1000),
        targetMs: TARGET_MS,
        pass: elapsed <= TARGET_MS,
        new: answer.new,
        fixed: answer.fixed,
        loadAverage: loadavg()[0],
        peakRssMb: peakRssMb(),
      });
    }
  } finally {
    await server.close();
  }
});

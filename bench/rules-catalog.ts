/**
 * The rules catalog's first request (GET /api/rules on a fresh server): how long building the
 * catalog takes, in wall and CPU time, and the longest the event loop was blocked meanwhile
 * (a 5 ms timer's largest lateness). A fresh process per run, so nothing is cached.
 *
 *   nice npx tsx bench/rules-catalog.ts [--runs N]
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RulesCatalog } from '../src/server/rules-catalog.ts';
import { printLine } from './measure.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 5);

async function once(): Promise<Record<string, number>> {
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 5);
    last = now;
  }, 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const catalog = new RulesCatalog();
  const rules = await catalog.search();
  const firstMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const again = performance.now();
  await catalog.search({ q: 'ssh' });
  const secondMs = performance.now() - again;
  clearInterval(timer);
  return {
    rules: rules.length,
    firstMs: Math.round(firstMs),
    firstCpuMs: Math.round((used.user + used.system) / 1000),
    maxEventLoopBlockMs: Math.round(maxLagMs),
    secondMs: Math.round(secondMs * 10) / 10,
  };
}

if (process.argv.includes('--child')) {
  process.stdout.write(`${JSON.stringify(await once())}\n`);
} else {
  const results: Array<Record<string, number>> = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'],
      {
        encoding: 'utf8',
      },
    );
    results.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
  }
  const median = (key: string) => {
    const v = results.map((r) => r[key] ?? 0).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  printLine({
    bench: 'rules-catalog',
    runs,
    rules: results[0]?.rules,
    firstMsMedian: median('firstMs'),
    firstCpuMsMedian: median('firstCpuMs'),
    maxEventLoopBlockMsMedian: median('maxEventLoopBlockMs'),
    secondMsMedian: median('secondMs'),
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
  });
}

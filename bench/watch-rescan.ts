/**
 * `rampart scan --watch`: time from a file write to the delta being delivered, over the
 * Kubernetes corpus (so the cached state is large). Target ≤ 150 ms.
 *   npx tsx bench/watch-rescan.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyzers } from '../src/scan/analyzers.ts';
import { startWatch, type WatchDelta } from '../src/scan/watch/start-watch.ts';
import { generateKubernetesCorpus } from './gen/kubernetes-corpus.ts';
import { peakRssMb, printLine } from './measure.ts';

const ROUNDS = 20;
const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-watch-'));
try {
  const size = generateKubernetesCorpus(dir, 2_000);
  let resolveNext: ((d: WatchDelta) => void) | undefined;
  const stop = await startWatch(
    { root: dir, target: dir, failOn: 'high', analyzers: createAnalyzers({ policyDirs: [] }) },
    (delta) => resolveNext?.(delta),
  );
  const latencies: number[] = [];
  let deltaSeen = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const privileged = i % 2 === 0;
    const file = join(dir, 'team-0', 'watched.yaml');
    const next = new Promise<WatchDelta>((r) => {
      resolveNext = r;
    });
    const t0 = performance.now();
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: watched\n  namespace: team-0\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: ${privileged}\n`,
    );
    const delta = await next;
    latencies.push(performance.now() - t0);
    deltaSeen += delta.added.length + delta.fixed.length;
  }
  stop();
  latencies.sort((a, b) => a - b);
  const p = (q: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  printLine({
    bench: 'watch-rescan',
    corpusManifests: size.manifests,
    rounds: ROUNDS,
    changesReported: deltaSeen,
    p50Ms: p(0.5),
    p95Ms: p(0.95),
    maxMs: p(1),
    target: '≤ 150 ms change → output (includes 30 ms debounce)',
    peakRssMb: peakRssMb(),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

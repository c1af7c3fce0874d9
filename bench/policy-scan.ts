/**
 * Full `rampart scan` (collect → parse → every built-in rule → suppressions → result) over a
 * generated corpus, in-process, cold: rule loading and parser start-up are included.
 *   npx tsx bench/policy-scan.ts terraform    # 709 .tf files, ~54k lines   (target ≤ 2 s)
 *   npx tsx bench/policy-scan.ts kubernetes   # 10,000 manifests            (target ≤ 3 s, ≤ 500 MB)
 *   npx tsx bench/policy-scan.ts kubernetes --all   # every analyzer (policy + secrets), as `rampart scan`
 * Run under `taskset -c 0` (bench/run-all.ts does) to hold it to one core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyzers } from '../src/scan/analyzers.ts';
import { runScan } from '../src/scan/run-scan.ts';
import { generateKubernetesCorpus } from './gen/kubernetes-corpus.ts';
import { generateTerraformCorpus } from './gen/terraform-corpus.ts';
import { ms, peakRssMb, printLine } from './measure.ts';

const corpus = process.argv[2] ?? 'terraform';
// The targets are for the policy engine; --all measures the default `rampart scan`.
const allAnalyzers = process.argv.includes('--all');
const dir = mkdtempSync(join(tmpdir(), `rampart-bench-${corpus}-`));
try {
  const size =
    corpus === 'kubernetes'
      ? generateKubernetesCorpus(dir)
      : corpus === 'terraform'
        ? generateTerraformCorpus(dir)
        : (() => {
            throw new Error(`unknown corpus ${corpus}: use terraform or kubernetes`);
          })();
  const start = process.hrtime.bigint();
  const { result } = await runScan({
    root: dir,
    target: dir,
    failOn: 'high',
    analyzers: createAnalyzers({ policyDirs: [], ...(allAnalyzers ? {} : { secrets: false as const }) }),
  });
  const totalMs = ms(start);
  const kinds: Record<string, number> = {};
  for (const f of result.findings) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  printLine({
    bench: `${allAnalyzers ? 'scan' : 'policy-scan'}-${corpus}`,
    ...size,
    documents: result.summary.documents,
    rules: result.rules.length,
    findings: result.findings.length,
    findingKinds: kinds,
    totalMs,
    target: corpus === 'kubernetes' ? '≤ 3000 ms, ≤ 500 MB' : '≤ 2000 ms',
    peakRssMb: peakRssMb(),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

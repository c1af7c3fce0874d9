/** `runScan` with worker threads (jobs > 1) reports exactly what the in-thread scan reports. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../report/reporter.ts';
import { createAnalyzers } from './analyzers.ts';
import { runScan } from './run-scan.ts';
import { buildBaseline } from './suppress/baseline.ts';
import { TREE_MAX_FILE_SIZE, writeSecretTree } from './workers/testing/secret-tree.ts';

let root: string;
const now = () => new Date('2026-11-27T10:00:00Z');

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'rampart-jobs-'));
  // 3 MiB, workers starting after 1 MiB: the parallel path runs.
  writeSecretTree(root, 48, 64 * 1024);
});
after(() => rmSync(root, { recursive: true, force: true }));

/** The result without its clock, and rules by id (policy rules hold compiled CEL, new per run). */
async function scan(
  jobs: number,
  extra: { baseline?: string } = {},
  /** Infinity: the tree is read whole, the reference path; else it streams past 1 MiB. */
  minBytes = 1024 * 1024,
): Promise<Omit<ScanResult, 'rules'> & { rules: string[] }> {
  const { result } = await runScan({
    root,
    target: root,
    failOn: 'high',
    jobs,
    parallelMinBytes: minBytes,
    maxFileSize: TREE_MAX_FILE_SIZE,
    now,
    ...extra,
    analyzers: createAnalyzers({ policyDirs: [], deps: false, secrets: { root } }),
  });
  return { ...result, rules: result.rules.map((r) => r.id), summary: { ...result.summary, durationMs: 0 } };
}

describe('runScan --jobs', () => {
  it('jobs 3 gives the in-thread findings, order, suppressions, notices and summary', async () => {
    const first = await scan(1, {}, Number.POSITIVE_INFINITY);
    // Baseline a few secrets (and a policy finding) of the in-thread run; both runs then use it.
    const picked = first.findings.filter((_, i) => i % 7 === 0);
    const baseline = path.join(root, 'baseline.json');
    writeFileSync(baseline, JSON.stringify(buildBaseline(picked, now())));

    const single = await scan(1, { baseline }, Number.POSITIVE_INFINITY);
    const parallel = await scan(3, { baseline });
    assert.deepEqual(parallel, single);
    // jobs 1 past the threshold: streamed in this thread, same result.
    const streamed = await scan(1, { baseline });
    assert.deepEqual(streamed, single);

    // The fixture exercises what must survive the threads: every suppression source, both
    // analyzers, notices, a file scanned as text (invalid UTF-8), redaction.
    const by = new Set(single.suppressed.map((s) => s.by));
    assert.deepEqual([...by].sort(), ['baseline', 'inline', 'waiver']);
    const analyzers = new Set(first.findings.map((f) => f.analyzer));
    assert.ok(analyzers.has('policy') && analyzers.has('secrets'), [...analyzers].join());
    assert.equal(first.findings.filter((f) => f.ruleId === 'RMP-SKIPPED').length, 2);
    assert.ok(first.findings.some((f) => f.location.file === 'latin1.txt'));
    const secrets = first.findings.filter((f) => f.analyzer === 'secrets').length;
    assert.ok(secrets >= 40, `${secrets} secrets`);
    for (const f of first.findings) assert.doesNotMatch(f.message, /ghp_[A-Za-z0-9]{36}/);
    assert.equal(single.summary.filesScanned, parallel.summary.filesScanned);
  });

  it("the workers use the root's .gitleaks.toml: its own rule and allowlist", async () => {
    const toml = path.join(root, '.gitleaks.toml');
    writeFileSync(
      toml,
      [
        '[extend]',
        'useDefault = true',
        '[[rules]]',
        'id = "fixture-compute"',
        'description = "compute() call of file 1"',
        "regex = '''compute\\(1, (\\d+)\\)'''",
        'keywords = ["compute(1,"]',
        '[allowlist]',
        'paths = ["^docs/"]',
      ].join('\n'),
    );
    try {
      const single = await scan(1, {}, Number.POSITIVE_INFINITY);
      const parallel = await scan(3);
      assert.deepEqual(parallel, single);
      const custom = single.findings.filter((f) => f.ruleId === 'fixture-compute');
      assert.ok(custom.length >= 50, `${custom.length} custom findings`);
      assert.ok(
        single.findings.every((f) => f.analyzer !== 'secrets' || !f.location.file?.startsWith('docs/')),
      );
    } finally {
      rmSync(toml);
    }
  });
});

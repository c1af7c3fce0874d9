import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { makeZip } from '../../test/fixtures/secrets/make-archive.ts';
import { createAnalyzers } from './analyzers.ts';
import { runScan } from './run-scan.ts';

test('an analyzer with sources of its own runs when no collected text file is wanted (archive-only tree)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-archive-only-'));
  try {
    const token = 'ghp_8kZr2QmX7vN4pL9sT1wY6bH3cJ5dF0gA2eKu';
    await writeFile(
      path.join(dir, 'bundle.zip'),
      makeZip([{ name: 'config/app.env', data: `GH_TOKEN=${token}\n` }]),
    );
    const { result } = await runScan({
      root: dir,
      target: dir,
      failOn: 'high',
      analyzers: createAnalyzers({ policyDirs: [], policy: false }),
    });
    const secret = result.findings.find((f) => f.analyzer === 'secrets' && f.kind === 'violation');
    assert.ok(
      secret,
      `expected a secret inside the zip, got ${JSON.stringify(result.findings.map((f) => f.ruleId))}`,
    );
    assert.match(secret.location.file ?? '', /^bundle\.zip!config\/app\.env$/);
    assert.ok(!JSON.stringify(result).includes(token), 'the full secret never appears in the result');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

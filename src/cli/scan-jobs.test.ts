/**
 * `rampart scan --jobs`: the real binary in a child process (bin/rampart.js registers tsx through
 * its API, which does not reach worker threads: src/scan/workers/start-worker.ts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TREE_MAX_FILE_SIZE, writeSecretTree } from '../scan/workers/testing/secret-tree.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin/rampart.js');
let root: string;

function run(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1', RAMPART_JOBS_MIN_BYTES: '1MiB', ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr }),
    );
  });
}

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'rampart-cli-jobs-'));
  // 3 MiB; the child scans start workers after 1 MiB (RAMPART_JOBS_MIN_BYTES below).
  writeSecretTree(root, 48, 64 * 1024);
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('rampart scan --jobs', () => {
  it('--jobs 2 and --jobs 1 print the same JSON report', { timeout: 120_000 }, async () => {
    const args = [
      BIN,
      'scan',
      '.',
      '-f',
      'json',
      '-q',
      '--no-deps',
      '--max-file-size',
      String(TREE_MAX_FILE_SIZE),
    ];
    const [one, two] = [await run([...args, '--jobs', '1']), await run([...args, '--jobs', '2'])];
    assert.equal(one.code, 1, one.stderr);
    assert.equal(two.code, 1, two.stderr);
    const strip = (text: string) => {
      const report = JSON.parse(text) as { startedAt: string; summary: { durationMs: number } };
      return { ...report, startedAt: '', summary: { ...report.summary, durationMs: 0 } };
    };
    assert.deepEqual(strip(two.stdout), strip(one.stdout));
  });

  it('workers load the TypeScript sources when tsx is registered as bin/rampart.js does', {
    timeout: 120_000,
  }, async () => {
    // The same two lines as bin/rampart.js, then a scan in which only the workers scan.
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const script = `import { register } from ${tsx}; register();
      const { workersOnlyScan } = await import(${JSON.stringify(path.join(REPO, 'src/scan/workers/testing/workers-only-scan.ts'))});
      console.log(JSON.stringify(await workersOnlyScan(${JSON.stringify(root)})));`;
    const child = await run(['--input-type=module', '-e', script]);
    assert.equal(child.code, 0, child.stderr);
    const out = JSON.parse(child.stdout) as { findings: number; workerBatches: number; hereBatches: number };
    assert.ok(out.findings >= 40, child.stdout);
    assert.ok(out.workerBatches > 0 && out.hereBatches === 0, child.stdout);
  });

  it('--jobs takes a whole number from 1', async () => {
    const bad = await run([BIN, 'scan', '.', '--jobs', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--jobs 0: expected a whole number from 1/);
  });

  it('RAMPART_JOBS_MIN_BYTES must be a size', async () => {
    const bad = await run([BIN, 'scan', '.'], { RAMPART_JOBS_MIN_BYTES: 'lots' });
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /RAMPART_JOBS_MIN_BYTES=lots: expected a size/);
  });
});

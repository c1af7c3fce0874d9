/** Parallel collection: worker threads scan exactly what the in-thread analyzer scans; failures are errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isRampartError } from '../../core/errors.ts';
import { createSecretsAnalyzer } from '../analyzers/secrets.ts';
import { collect } from '../collect/collect.ts';
import { bigEnough, collectParallel, type ParallelPlan } from './collect-parallel.ts';
import { TREE_MAX_FILE_SIZE, writeSecretTree } from './testing/secret-tree.ts';

const FAULTY = new URL('./testing/faulty-worker.ts', import.meta.url);
let root: string;

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'rampart-parallel-'));
  // 24 files of 64 KiB: 1.5 MiB, batches of 128 KiB, so 12 batches or so.
  writeSecretTree(root, 24, 64 * 1024);
});
after(() => rmSync(root, { recursive: true, force: true }));

const options = () => ({ root, maxFileSize: TREE_MAX_FILE_SIZE });

function plan(overrides: Partial<ParallelPlan> = {}): ParallelPlan {
  const secrets = createSecretsAnalyzer({ archives: false });
  const config = secrets.workerConfig(root);
  return {
    jobs: 3,
    workerData: () => ({ config }),
    scanHere: (file) => secrets.scanFile(file.text, file.path),
    keep: () => false,
    minBytes: 0,
    batchBytes: 128 * 1024,
    ...overrides,
  };
}

describe('collectParallel', () => {
  it('workers alone find what the in-thread analyzer finds, in the same order', async () => {
    const inThread = createSecretsAnalyzer({ archives: false });
    const all = await collect(options());
    const expected = await inThread.analyze(all.files, { root });
    assert.ok(expected.length >= 30, `fixture has ${expected.length} secrets`);

    const result = await collectParallel(options(), plan({ scanInThisThread: false }));
    assert.ok(result.offloaded, 'workers ran');
    assert.deepEqual(result.offloaded.findings, expected);
    assert.equal(result.offloaded.texts, inThread.stats().texts);
    assert.equal(result.offloaded.bytes, inThread.stats().bytes);
    assert.equal(result.batches?.here, 0);
    assert.ok((result.batches?.workers ?? 0) >= 10, `batches: ${JSON.stringify(result.batches)}`);
    assert.equal(result.filesRead, all.files.length);
    // Same notices (binary, oversized), same order; the invalid UTF-8 file was scanned as text.
    assert.deepEqual(result.notices, all.notices);
    assert.ok(expected.some((f) => f.location.file === 'latin1.txt'));
    // Workers report their start cost (one may still be starting when the other has done all).
    const ready = (result.workers ?? []).filter((w) => w.readyMs !== undefined);
    assert.ok(ready.length >= 1, JSON.stringify(result.workers));
    for (const w of ready) assert.ok((w.readyMs ?? 0) > (w.engineMs ?? 0) && (w.engineMs ?? 0) > 0);
  });

  it('this thread and the workers together give the same findings; kept files stay here', async () => {
    const all = await collect(options());
    const expected = await createSecretsAnalyzer({ archives: false }).analyze(all.files, { root });
    const result = await collectParallel(options(), plan({ keep: (f) => f.path.endsWith('.yaml') }));
    assert.deepEqual(result.offloaded?.findings, expected);
    assert.deepEqual(
      result.files.map((f) => f.path),
      all.files.filter((f) => f.path.endsWith('.yaml')).map((f) => f.path),
    );
  });

  it('jobs 1 past minBytes streams in this thread: same findings, no thread, only kept files held', async () => {
    const all = await collect(options());
    const expected = await createSecretsAnalyzer({ archives: false }).analyze(all.files, { root });
    const result = await collectParallel(
      options(),
      plan({ jobs: 1, minBytes: 256 * 1024, keep: (f) => f.path.endsWith('.yaml') }),
    );
    assert.deepEqual(result.offloaded?.findings, expected);
    assert.deepEqual(result.workers, []);
    assert.equal(result.batches?.workers, 0);
    assert.ok((result.batches?.here ?? 0) >= 10, JSON.stringify(result.batches));
    assert.equal(result.filesRead, all.files.length);
    assert.deepEqual(
      result.files.map((f) => f.path),
      all.files.filter((f) => f.path.endsWith('.yaml')).map((f) => f.path),
    );
    await assert.rejects(
      collectParallel(options(), plan({ jobs: 1, scanInThisThread: false })),
      /needs jobs > 1/,
    );
  });

  it('workers start early when the files read so far project the tree past minBytes', async () => {
    // 24 files of 64 KiB (1.5 MiB): projected past 1 MiB after a quarter of it, never past 2 MiB.
    const early = await collectParallel(options(), plan({ minBytes: 1024 * 1024 }));
    const from = early.streamedFromBytes ?? 0;
    assert.ok(from >= 256 * 1024 && from < 1024 * 1024, `workers from ${from}`);
    assert.equal(early.workers?.length, 2);
    const all = await collect(options());
    const expected = await createSecretsAnalyzer({ archives: false }).analyze(all.files, { root });
    assert.deepEqual(early.offloaded?.findings, expected);
    const never = await collectParallel(options(), plan({ minBytes: 2 * 1024 * 1024 }));
    assert.equal(never.streamedFromBytes, undefined);
    assert.deepEqual(never.workers, []);
    assert.deepEqual(never.offloaded?.findings, expected);
  });

  it('bigEnough: minBytes reached, or projected from a quarter of it', () => {
    const MiB = 1024 * 1024;
    assert.equal(bigEnough(64 * MiB, 10, 10, 64 * MiB), true);
    assert.equal(bigEnough(16 * MiB, 100, 1_000, 64 * MiB), true);
    assert.equal(bigEnough(16 * MiB, 500, 1_000, 64 * MiB), false);
    assert.equal(bigEnough(15 * MiB, 1, 1_000, 64 * MiB), false);
    assert.equal(bigEnough(0, 1, 1, 0), true);
  });

  it('a tree below minBytes starts no worker: scanned here as it is read, kept files copied out of the reused buffer', async () => {
    const all = await collect(options());
    const expected = await createSecretsAnalyzer({ archives: false }).analyze(all.files, { root });
    // Small batches: the read buffer is reused many times over while kept files are held.
    const keep = (f: { path: string }) => /file-0[0-2]\d\.(ts|yaml)$/.test(f.path);
    const result = await collectParallel(
      options(),
      plan({ minBytes: 64 * 1024 * 1024, batchBytes: 16 * 1024, keep }),
    );
    assert.deepEqual(result.workers, []);
    assert.equal(result.batches?.workers, 0);
    assert.ok((result.batches?.here ?? 0) >= 20, JSON.stringify(result.batches));
    assert.deepEqual(result.offloaded?.findings, expected);
    assert.deepEqual(result.notices, all.notices);
    const held = all.files.filter(keep);
    assert.ok(held.length >= 4, `${held.length} kept`);
    assert.deepEqual(
      result.files.map((f) => [f.path, f.content, f.bytes && Buffer.from(f.bytes).toString('base64')]),
      held.map((f) => [f.path, f.content, f.bytes && Buffer.from(f.bytes).toString('base64')]),
    );
  });

  it('a slow worker holds at most 2 batches: reading waits for it (bounded memory)', {
    timeout: 30_000,
  }, async () => {
    const result = await collectParallel(
      options(),
      plan({
        jobs: 2,
        batchBytes: 32 * 1024,
        entry: FAULTY,
        workerData: () => ({ mode: 'slow', path: '', delayMs: 20 }),
        scanInThisThread: false,
      }),
    );
    assert.ok((result.batches?.workers ?? 0) >= 20, JSON.stringify(result.batches));
    assert.equal(result.batches?.peakInFlight, 2);
  });

  for (const mode of ['exit', 'throw'] as const) {
    it(`a worker that dies (${mode}) fails the scan naming its files, without hanging`, {
      timeout: 30_000,
    }, async () => {
      const victim = 'lib/file-010.ts';
      await assert.rejects(
        collectParallel(
          options(),
          plan({ entry: FAULTY, workerData: () => ({ mode, path: victim }), scanInThisThread: false }),
        ),
        (error: unknown) => {
          assert.ok(isRampartError(error) && error.code === 'E_WORKER', String(error));
          assert.match(error.message, mode === 'exit' ? /exited with code 7/ : /thrown on lib\/file-010\.ts/);
          assert.match(error.message, /lib\/file-010\.ts/);
          assert.match(error.message, /--jobs 1/);
          return true;
        },
      );
    });
  }

  it('a worker that cannot start is an error, not a hang', { timeout: 30_000 }, async () => {
    await assert.rejects(
      collectParallel(
        options(),
        plan({ entry: FAULTY, workerData: () => ({ mode: 'broken', path: '' }), scanInThisThread: false }),
      ),
      (error: unknown) => isRampartError(error) && /broken on start/.test(error.message),
    );
  });

  it('the engine failing on a file fails the analyzer with that message, as in-thread', async () => {
    const result = await collectParallel(
      options(),
      plan({
        entry: FAULTY,
        workerData: () => ({ mode: 'fail', path: 'docs/file-005.ts' }),
        scanInThisThread: false,
      }),
    );
    assert.equal(result.offloaded?.error?.message, 'engine failed on docs/file-005.ts');
    const secrets = createSecretsAnalyzer({ archives: false });
    await assert.rejects(
      secrets.analyzeOffloaded(result.offloaded ?? { findings: [], texts: 0, bytes: 0 }, { root }),
      /engine failed on docs\/file-005\.ts/,
    );
  });
});

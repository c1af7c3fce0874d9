import type { Finding } from '../../core/finding.ts';
import type { ScanFile } from '../analyzer.ts';
import type { OffloadedTexts } from '../analyzers/secrets.ts';
import { collectCandidates } from '../collect/collect.ts';
import { readScanFileSync } from '../collect/read.ts';
import { type CollectOptions, type CollectResult, DEFAULT_MAX_FILE_SIZE } from '../collect/types.ts';
import { ScanPool } from './pool.ts';
import type { WorkFile } from './protocol.ts';
import { scanBatch } from './scan-batch.ts';
import { WorkerError } from './worker-error.ts';

/**
 * Below this many bytes read, no worker starts. A worker costs ~0.45 s of CPU and as much wall
 * time before it scans (tsx, modules, compiling the rules: docs/secrets.md "Parallel scanning"),
 * while this thread scans 25-35 MiB. On the 53 MiB npm tree the worker got a few batches at the
 * end and cost 0.45 s of CPU for no wall-clock gain, so 64 MiB: a tree must be large enough that
 * the worker, started while this thread scans what was read, has a real share left.
 */
export const DEFAULT_MIN_PARALLEL_BYTES = 64 * 1024 * 1024;
/** Bytes per batch sent to a worker: few messages, yet a small tail when the tree ends. */
export const DEFAULT_BATCH_BYTES = 256 * 1024;

export interface ParallelPlan {
  /** Threads scanning: this one and `jobs - 1` workers. */
  readonly jobs: number;
  /** What each worker builds its engine from; called only when workers start. */
  readonly workerData: () => unknown;
  /** Scans one file in this thread, as a worker would (the same engine and findings). */
  readonly scanHere: (file: WorkFile) => readonly Finding[];
  /** Files the main thread keeps: other analyzers want them, or suppressions read them. */
  readonly keep: (file: ScanFile) => boolean;
  readonly minBytes?: number;
  readonly batchBytes?: number;
  /** Worker entry (tests); default the secrets worker. */
  readonly entry?: URL;
  /**
   * false: batches wait for a worker instead of being scanned here when none has room (tests
   * that must see the workers scan; default true, this thread never idles).
   */
  readonly scanInThisThread?: boolean;
}

export interface ParallelCollectResult extends CollectResult {
  /** Files read as text (when offloaded, `files` holds only the kept ones). */
  readonly filesRead: number;
  /** Set when the files' text was scanned as it was read, by worker threads and this one. */
  readonly offloaded?: OffloadedTexts;
  /** Per worker: wall ms from start to ready, and of that the engine build. */
  readonly workers?: readonly { readonly readyMs?: number; readonly engineMs?: number }[];
  /** Bytes read when streaming began (workers started): `minBytes`, or less when projected. */
  readonly streamedFromBytes?: number;
  /** Batches scanned by workers and by this thread; most batches one worker held at once. */
  readonly batches?: { readonly workers: number; readonly here: number; readonly peakInFlight: number };
}

/**
 * `collect`, streaming: files are read one at a time in collect's order and, once the tree proves
 * big enough, scanned for secrets in batches as they are read: each batch goes to a worker thread
 * that is ready and has room, or else is scanned here, so this thread never waits for a worker and
 * never queues more than two batches per worker (src/scan/workers/pool.ts). The main thread keeps
 * only the files `plan.keep` asks for. A small tree never starts a worker: every file is returned
 * as `collect` would, for the in-thread path. With `jobs` 1 a big tree streams the same way,
 * scanned in this thread only.
 */
export async function collectParallel(
  options: CollectOptions,
  plan: ParallelPlan,
): Promise<ParallelCollectResult> {
  const { entries, notices } = await collectCandidates(options);
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const minBytes = plan.minBytes ?? DEFAULT_MIN_PARALLEL_BYTES;
  const batchBytes = plan.batchBytes ?? DEFAULT_BATCH_BYTES;
  if (plan.jobs <= 1 && plan.scanInThisThread === false)
    throw new WorkerError('collectParallel: scanInThisThread false needs jobs > 1 (no worker would scan)');
  // Files read before the pool starts (all of them if it never does).
  const pending: ScanFile[] = [];
  let pendingBytes = 0;
  let pool: ScanPool | undefined;
  const kept: ScanFile[] = [];
  let batch: WorkFile[] = [];
  /** Buffers of the batch's files that this thread does not keep: moved to a worker, not copied. */
  let movable: ArrayBuffer[] = [];
  let batchSize = 0;
  let sent = 0;
  let sentBytes = 0;
  let here = 0;
  let toWorkers = 0;
  let streamedFrom = 0;

  const flush = async (active: ScanPool): Promise<void> => {
    const full = batch;
    const transfer = movable;
    batch = [];
    movable = [];
    batchSize = 0;
    if (plan.scanInThisThread === false) {
      // A dead worker wakes this loop too, and offer() then throws its WorkerError.
      while (!active.offer(full, transfer)) await active.changed();
      toWorkers++;
    } else if (active.offer(full, transfer)) toWorkers++;
    else {
      // No worker has room: scanned here, an engine error kept like a worker's.
      here++;
      const { findings, failure } = scanBatch(full, plan.scanHere);
      active.record(full.slice(0, findings.length), findings, failure);
    }
    // Let the workers' replies in: they free room for the next batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const send = async (active: ScanPool, file: ScanFile): Promise<void> => {
    const keep = plan.keep(file);
    if (keep) kept.push(file);
    else if (file.bytes && ownsItsBuffer(file.bytes)) movable.push(file.bytes.buffer as ArrayBuffer);
    const text = file.bytes ?? file.content;
    batch.push({ index: sent++, path: file.path, text });
    const size = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
    sentBytes += size;
    batchSize += size;
    if (batchSize >= batchBytes) await flush(active);
  };

  try {
    for (const [read, entry] of entries.entries()) {
      const item = readScanFileSync(entry.abs, entry.rel, max);
      if (!('content' in item)) {
        notices.push(item);
        continue;
      }
      if (pool) {
        await send(pool, item);
        continue;
      }
      pending.push(item);
      pendingBytes += item.bytes?.length ?? item.content.length;
      if (bigEnough(pendingBytes, read + 1, entries.length, minBytes)) {
        streamedFrom = pendingBytes;
        // With jobs 1 the pool has no threads: batches are scanned here as they are read, so a
        // huge tree is never held in memory whole (only the files `keep` asks for are).
        pool = new ScanPool({
          size: plan.jobs - 1,
          workerData: plan.workerData(),
          ...(plan.entry ? { entry: plan.entry } : {}),
        });
        for (const file of pending.splice(0)) await send(pool, file);
      }
    }
    if (!pool) return { files: pending, notices, filesRead: pending.length };
    if (batch.length > 0) await flush(pool);
    const done = await pool.drain();
    const findings: Finding[] = [];
    for (let i = 0; i < sent; i++) {
      const found = done.findings[i];
      // Only a file of a batch whose scan failed has no result; that failure is reported below.
      if (found === undefined && !done.failure) throw new WorkerError(`no scan result for file ${i}`);
      findings.push(...(found ?? []));
    }
    const error = done.failure ? new Error(done.failure.message) : undefined;
    return {
      files: kept,
      notices,
      filesRead: sent,
      offloaded: { findings, texts: sent, bytes: sentBytes, ...(error ? { error } : {}) },
      workers: pool.startTimes(),
      batches: { workers: toWorkers, here, peakInFlight: pool.peakInFlight() },
      streamedFromBytes: streamedFrom,
    };
  } finally {
    await pool?.close();
  }
}

/**
 * Whether to start streaming (and the workers) now: once `minBytes` are read, or earlier — from a
 * quarter of it — when the bytes per file so far, over all `total` files, project past it. A big
 * tree then holds 16 MiB instead of 64 MiB of text before streaming (212 MiB tree, `--jobs 2`:
 * peak RSS 710-734 -> 425-445 MB), and its worker starts sooner. Wall time did not change
 * measurably (3.63-4.16 vs 3.68-3.94 s, three alternating runs, load 1.6-1.9): what limits two
 * threads there is not the worker's start (docs/secrets.md "Parallel scanning").
 */
export function bigEnough(bytes: number, filesRead: number, total: number, minBytes: number): boolean {
  if (bytes >= minBytes) return true;
  return bytes >= minBytes / 4 && (bytes / filesRead) * total >= minBytes;
}

/**
 * Whether `bytes` is the only view of its buffer (the collector's own allocation, less a BOM):
 * then the buffer can move to a worker. Small Buffers share Node's 8 KiB pool; never move those.
 */
function ownsItsBuffer(bytes: Uint8Array): boolean {
  return (
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset <= 3 &&
    bytes.byteOffset + bytes.byteLength === bytes.buffer.byteLength
  );
}

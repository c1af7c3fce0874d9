import type { Finding } from '../../core/finding.ts';
import type { ScanFile } from '../analyzer.ts';
import type { OffloadedTexts } from '../analyzers/secrets.ts';
import { collectCandidates } from '../collect/collect.ts';
import { ReadArena, readScanFileSync, scanFileOf } from '../collect/read.ts';
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
  /** The secrets findings of the files, scanned as they were read (by this thread and any workers). */
  readonly offloaded?: OffloadedTexts;
  /** Per worker: wall ms from start to ready, and of that the engine build. */
  readonly workers?: readonly { readonly readyMs?: number; readonly engineMs?: number }[];
  /** Bytes read when the workers started: `minBytes`, or less when projected (none started: unset). */
  readonly streamedFromBytes?: number;
  /** Batches scanned by workers and by this thread; most batches one worker held at once. */
  readonly batches?: { readonly workers: number; readonly here: number; readonly peakInFlight: number };
}

/**
 * `collect`, streaming: files are read one at a time in collect's order and scanned for secrets in
 * batches as they are read, in this thread, into one reused buffer (ReadArena: nothing allocated
 * per file, and each file is scanned while still in the CPU cache). The main thread keeps only the
 * files `plan.keep` asks for (copied out of the buffer). Once the tree proves big enough (`jobs` >
 * 1), worker threads start: from then on each batch goes to a worker that is ready and has room,
 * or else is scanned here, so this thread never waits for a worker and never queues more than two
 * batches per worker (src/scan/workers/pool.ts); files are then read into buffers of their own,
 * moved to the worker with the batch. With `scanInThisThread` false (tests) the workers start at
 * once and scan every batch.
 */
export async function collectParallel(
  options: CollectOptions,
  plan: ParallelPlan,
): Promise<ParallelCollectResult> {
  const { entries, notices } = await collectCandidates(options);
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const minBytes = plan.minBytes ?? DEFAULT_MIN_PARALLEL_BYTES;
  const batchBytes = plan.batchBytes ?? DEFAULT_BATCH_BYTES;
  const here = plan.scanInThisThread !== false;
  if (plan.jobs <= 1 && !here)
    throw new WorkerError('collectParallel: scanInThisThread false needs jobs > 1 (no worker would scan)');
  const startWorkers = (): void =>
    pool.grow({
      size: plan.jobs - 1,
      workerData: plan.workerData(),
      ...(plan.entry ? { entry: plan.entry } : {}),
    });
  // No threads until the tree proves big enough (or at once when they must do all the scanning).
  const pool = new ScanPool({ size: 0, workerData: undefined });
  if (!here) startWorkers();
  // Room for a batch and the file that completes it; bigger files get their own buffer.
  const arena = here ? new ReadArena(2 * batchBytes + ARENA_SLACK) : undefined;
  let readBytes = 0;
  const kept: ScanFile[] = [];
  let batch: WorkFile[] = [];
  /** Buffers of the batch's files that this thread does not keep: moved to a worker, not copied. */
  let movable: ArrayBuffer[] = [];
  let batchSize = 0;
  let sent = 0;
  let sentBytes = 0;
  let scannedHere = 0;
  let toWorkers = 0;
  let streamedFrom: number | undefined;

  const flush = async (): Promise<void> => {
    const full = batch;
    const transfer = movable;
    batch = [];
    movable = [];
    batchSize = 0;
    if (!here) {
      // A dead worker wakes this loop too, and offer() then throws its WorkerError.
      while (!pool.offer(full, transfer)) await pool.changed();
      toWorkers++;
    } else if (pool.offer(full, transfer)) toWorkers++;
    else {
      // No worker has room (or none yet): scanned here, an engine error kept like a worker's.
      scannedHere++;
      const { findings, failure } = scanBatch(full, plan.scanHere);
      pool.record(full.slice(0, findings.length), findings, failure);
    }
    // The batch is scanned or gone to a worker (whose files never come from the arena).
    arena?.reset();
    // Let the workers' replies in: they free room for the next batches.
    if (pool.size() > 0) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  /**
   * Adds a file to the batch; true when the batch is full (then flush it). Not async: an await
   * per file cost a microtask turn each.
   */
  const add = (file: ScanFile): boolean => {
    const inArena = file.bytes !== undefined && arena?.holds(file.bytes) === true;
    if (plan.keep(file)) kept.push(inArena ? ownCopy(file) : file);
    else if (file.bytes && !inArena && ownsItsBuffer(file.bytes))
      movable.push(file.bytes.buffer as ArrayBuffer);
    const text = file.bytes ?? file.content;
    batch.push({ index: sent++, path: file.path, text });
    const size = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
    sentBytes += size;
    batchSize += size;
    return batchSize >= batchBytes;
  };

  try {
    for (const [read, entry] of entries.entries()) {
      // Workers take batches whole, buffers and all: the arena serves this thread alone.
      const item = readScanFileSync(entry.abs, entry.rel, max, pool.size() === 0 ? arena : undefined);
      if (!('content' in item)) {
        notices.push(item);
        continue;
      }
      readBytes += item.bytes?.length ?? item.content.length;
      if (
        here &&
        plan.jobs > 1 &&
        pool.size() === 0 &&
        bigEnough(readBytes, read + 1, entries.length, minBytes)
      ) {
        // What was read so far is scanned here (it sits in the arena: with no worker yet, flush
        // scans it in this thread); the workers take the rest.
        add(item);
        if (batch.length > 0) await flush();
        streamedFrom = readBytes;
        startWorkers();
        continue;
      }
      if (add(item)) await flush();
    }
    if (batch.length > 0) await flush();
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
      offloaded: {
        findings,
        texts: sent,
        bytes: sentBytes,
        candidates: entries,
        ...(error ? { error } : {}),
      },
      workers: pool.startTimes(),
      batches: { workers: toWorkers, here: scannedHere, peakInFlight: pool.peakInFlight() },
      ...(streamedFrom !== undefined ? { streamedFromBytes: streamedFrom } : {}),
    };
  } finally {
    await pool.close();
  }
}

/** Room in the read arena past two batches: a file of up to this much still fits. */
const ARENA_SLACK = 256 * 1024;

/** A kept file read into the arena, with bytes of its own (the arena is reused). */
function ownCopy(file: ScanFile): ScanFile {
  return file.bytes ? scanFileOf(file.path, { utf8: Buffer.from(file.bytes) }) : file;
}

/**
 * Whether to start the workers now: once `minBytes` are read, or earlier — from a quarter of it —
 * when the bytes per file so far, over all `total` files, project past it, so a big tree's worker
 * starts sooner. (When this also decided when streaming began, projecting cut a 212 MiB tree's
 * peak RSS with `--jobs 2` from 710-734 to 425-445 MB; wall time did not change measurably, 3.63-4.16
 * vs 3.68-3.94 s: what limits two threads there is not the worker's start. Every tree streams now.)
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

import type { Worker } from 'node:worker_threads';
import type { Finding } from '../../core/finding.ts';
import type { WorkBatch, WorkerReply, WorkFile } from './protocol.ts';
import { startWorker } from './start-worker.ts';
import { WorkerError } from './worker-error.ts';

export interface PoolOptions {
  readonly size: number;
  /** Data every worker builds its engine from (cloned into each). */
  readonly workerData: unknown;
  /** Worker entry; default the secrets worker. Tests pass one that crashes. */
  readonly entry?: URL;
}

/**
 * Batches sent to one worker and not yet answered. Two keep a worker busy while its next batch
 * crosses the thread boundary; more would only hold file contents in memory.
 */
const DEPTH = 2;

interface Slot {
  readonly number: number;
  readonly worker: Worker;
  readonly inFlight: Map<number, { readonly batch: WorkBatch; readonly bytes: number }>;
  readonly startedAt: number;
  readyMs?: number;
  engineMs?: number;
}

/** The engine threw on a file (the in-thread analyzer would have failed on it too). */
export interface ScanFailure {
  readonly index: number;
  readonly path: string;
  readonly message: string;
}

/**
 * Worker threads that scan batches of files, at most DEPTH batches in flight per worker: when
 * all are busy the producer scans the batch itself instead of queueing the tree in memory.
 * Findings are kept per file index and returned in collection order. A worker that dies fails the
 * whole pool with a WorkerError naming the files it held: never a hang, never files silently
 * missing from the result.
 */
export class ScanPool {
  private readonly slots: Slot[];
  /** Findings per file index: the workers' and those the caller scanned itself (`record`). */
  private readonly findings: (readonly Finding[])[] = [];
  private scanFailure: ScanFailure | undefined;
  private crash: WorkerError | undefined;
  private closing = false;
  private waiters: (() => void)[] = [];
  private nextBatch = 0;
  private peak = 0;

  constructor(options: PoolOptions) {
    this.slots = [];
    this.grow(options);
  }

  /**
   * Starts `options.size` more workers. A pool of size 0 has no threads: every offer is refused,
   * so the caller scans each batch itself, until it grows.
   */
  grow(options: PoolOptions): void {
    const entry = options.entry ?? new URL('./secrets-worker.ts', import.meta.url);
    const first = this.slots.length;
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn(first + i + 1, entry, options));
  }

  /** Worker threads started. */
  size(): number {
    return this.slots.length;
  }

  /**
   * Sends a batch to the least loaded worker that is ready and has fewer than DEPTH batches;
   * false when there is none (the caller scans the batch itself). `transfer`: buffers of the
   * batch the caller gives up (moved, not copied; unusable here afterwards). Throws once a
   * worker died.
   */
  offer(files: readonly WorkFile[], transfer: readonly ArrayBuffer[] = []): boolean {
    if (this.crash) throw this.crash;
    if (files.length === 0) return true;
    const slot = this.leastLoaded();
    if (!slot) return false;
    const bytes = files.reduce((sum, f) => sum + f.text.length, 0);
    const batch: WorkBatch = { batch: this.nextBatch++, files };
    slot.inFlight.set(batch.batch, { batch, bytes });
    this.peak = Math.max(this.peak, slot.inFlight.size);
    // Transferred buffers move to the worker (no copy); the batch kept here needs only paths.
    slot.worker.postMessage(batch, [...transfer]);
    return true;
  }

  /** Results of a batch the caller scanned itself, kept with the workers'. */
  record(files: readonly WorkFile[], findings: readonly (readonly Finding[])[], failure?: ScanFailure): void {
    files.forEach((file, i) => {
      if (findings[i] !== undefined) this.findings[file.index] = findings[i];
    });
    if (failure && (!this.scanFailure || failure.index < this.scanFailure.index)) this.scanFailure = failure;
  }

  /** Waits for every batch sent. */
  async drain(): Promise<{ findings: (readonly Finding[])[]; failure?: ScanFailure }> {
    while (!this.crash && this.slots.some((s) => s.inFlight.size > 0)) await this.changed();
    if (this.crash) throw this.crash;
    return { findings: this.findings, ...(this.scanFailure ? { failure: this.scanFailure } : {}) };
  }

  /** Wall time from each worker's start to its engine being ready (undefined: not ready yet). */
  startTimes(): { readonly readyMs?: number; readonly engineMs?: number }[] {
    return this.slots.map((s) => ({
      ...(s.readyMs !== undefined ? { readyMs: s.readyMs } : {}),
      ...(s.engineMs !== undefined ? { engineMs: s.engineMs } : {}),
    }));
  }

  /** Most batches one worker held at once (never above DEPTH: the memory bound). */
  peakInFlight(): number {
    return this.peak;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(number: number, entry: URL, options: PoolOptions): Slot {
    const slot: Slot = {
      number,
      worker: startWorker(entry, options.workerData),
      inFlight: new Map(),
      startedAt: performance.now(),
    };
    slot.worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    slot.worker.on('error', (error) => this.fail(slot, `failed: ${error.message}`, error));
    slot.worker.on('exit', (code) => this.fail(slot, `exited with code ${code}`));
    return slot;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.kind === 'ready') {
      slot.readyMs = performance.now() - slot.startedAt;
      slot.engineMs = reply.engineMs;
      this.wake();
      return;
    }
    const sent = slot.inFlight.get(reply.batch);
    if (!sent) return;
    slot.inFlight.delete(reply.batch);
    if (reply.kind === 'done') {
      sent.batch.files.forEach((file, i) => {
        this.findings[file.index] = reply.findings[i] ?? [];
      });
    } else {
      const index = sent.batch.files.find((f) => f.path === reply.path)?.index ?? -1;
      this.record([], [], { index, path: reply.path, message: reply.message });
    }
    this.wake();
  }

  private fail(slot: Slot, what: string, cause?: unknown): void {
    if (this.closing || this.crash) return;
    const files = [...slot.inFlight.values()].flatMap((s) => s.batch.files.map((f) => f.path));
    const shown = files.slice(0, 3).join(', ');
    const more = files.length > 3 ? ` and ${files.length - 3} more` : '';
    const held = files.length > 0 ? ` while scanning ${shown}${more}` : '';
    this.crash = new WorkerError(
      `scan worker thread ${slot.number} of ${this.slots.length} ${what}${held}; the scan stopped, as its result would miss files (--jobs 1 scans without worker threads)`,
      cause,
    );
    void this.close();
    this.wake();
  }

  private leastLoaded(): Slot | undefined {
    let best: Slot | undefined;
    let bestBytes = Number.POSITIVE_INFINITY;
    for (const slot of this.slots) {
      // A worker still starting gets nothing: its batches would wait while the caller could scan them.
      if (slot.readyMs === undefined || slot.inFlight.size >= DEPTH) continue;
      let bytes = 0;
      for (const s of slot.inFlight.values()) bytes += s.bytes;
      if (bytes < bestBytes) {
        best = slot;
        bestBytes = bytes;
      }
    }
    return best;
  }

  /** Resolves at the next reply, worker start or failure. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}

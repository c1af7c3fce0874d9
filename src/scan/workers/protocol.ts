import type { Finding } from '../../core/finding.ts';

/**
 * Messages between a scan and its worker threads (src/scan/workers/pool.ts). Plain data: they
 * cross threads by structured clone.
 */

/** One collected file: its UTF-8 bytes when the collector kept them, else its decoded text. */
export interface WorkFile {
  /** Position in collection order: results are put back in that order. */
  readonly index: number;
  readonly path: string;
  readonly text: string | Uint8Array;
}

export interface WorkBatch {
  readonly batch: number;
  readonly files: readonly WorkFile[];
}

export type WorkerReply =
  /** The worker built its engine, in `engineMs` (its modules were loaded before). */
  | { readonly kind: 'ready'; readonly engineMs: number }
  | {
      readonly kind: 'done';
      readonly batch: number;
      /** One entry per file of the batch, in the batch's order. */
      readonly findings: readonly (readonly Finding[])[];
    }
  /** The engine threw on `path` (a bug): the analyzer fails as it would in-thread. */
  | { readonly kind: 'failed'; readonly batch: number; readonly path: string; readonly message: string };

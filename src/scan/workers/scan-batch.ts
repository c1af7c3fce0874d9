import type { Finding } from '../../core/finding.ts';
import type { ScanFailure } from './pool.ts';
import type { WorkFile } from './protocol.ts';

/**
 * One batch's findings, file by file, stopping at the first file the engine throws on (a bug: the
 * in-thread analyzer fails on it too). Shared by the worker thread and the batches the producing
 * thread scans itself (src/scan/workers/collect-parallel.ts), so both fail the same way.
 */
export function scanBatch(
  files: readonly WorkFile[],
  scan: (file: WorkFile) => readonly Finding[],
): {
  /** One entry per file scanned, in the batch's order (those before the failing file, if any). */
  readonly findings: (readonly Finding[])[];
  readonly failure?: ScanFailure;
} {
  const findings: (readonly Finding[])[] = [];
  for (const file of files) {
    try {
      findings.push(scan(file));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { findings, failure: { index: file.index, path: file.path, message } };
    }
  }
  return { findings };
}

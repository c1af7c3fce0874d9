import type { Finding } from '../../core/finding.ts';
import type { ScanFile } from '../analyzer.ts';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface CollectOptions {
  /** Absolute scan root: file paths are reported relative to it. */
  readonly root: string;
  /**
   * Directories or files to collect, absolute or relative to `root`. Empty = the root itself.
   * Directories are walked (honouring .gitignore); files named explicitly are always read.
   */
  readonly targets?: readonly string[];
  /** Picomatch globs matched against the root-relative path; empty = everything. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly maxFileSize?: number;
  /**
   * Read files through the thread pool, this many at once. Default: read synchronously one at
   * a time, which is faster on the single core a scan gets (see readScanFileSync).
   */
  readonly concurrency?: number;
}

export interface CollectResult {
  readonly files: readonly ScanFile[];
  /** One RMP-SKIPPED notice per file that was found but not read. */
  readonly notices: readonly Finding[];
}

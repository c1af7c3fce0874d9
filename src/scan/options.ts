import type { Severity } from '../core/severity.ts';
import type { Analyzer } from './analyzer.ts';
import type { RulesConfig } from './config/types.ts';

/** Everything one scan needs, flags and config already merged. Paths are absolute. */
export interface ScanOptions {
  /** Scan root: findings' paths are relative to it. */
  readonly root: string;
  /** The target as the user wrote it (shown in reports). */
  readonly target: string;
  /** Files/directories under (or relative to) root; empty = the whole root. */
  readonly targets?: readonly string[];
  /** `--stdin-filename`: analyze these bytes as that file instead of walking. */
  readonly stdin?: { readonly filename: string; readonly bytes: Uint8Array };
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly maxFileSize?: number;
  /**
   * Threads that scan file contents for secrets (`--jobs`). 1 (the default here; the CLI defaults
   * to the available parallelism) scans in this thread; more start worker threads once the tree
   * is big enough (src/scan/workers). Findings are the same either way, in the same order.
   */
  readonly jobs?: number;
  /**
   * Bytes read before the secrets scan streams: past it, files are scanned as they are read (by
   * worker threads when `jobs` > 1) and dropped unless another analyzer needs them, so memory no
   * longer grows with the tree; smaller trees are read whole, in this thread. Default
   * DEFAULT_MIN_PARALLEL_BYTES; the CLI reads RAMPART_JOBS_MIN_BYTES.
   */
  readonly parallelMinBytes?: number;
  readonly failOn: Severity;
  /** Waivers file; when unset, `<root>/.rampart/waivers.yaml` is used if it exists. */
  readonly waivers?: string;
  readonly baseline?: string;
  /** VEX documents (OpenVEX or CycloneDX JSON) whose statements suppress dependency findings. */
  readonly vex?: readonly string[];
  /** SBOMs (CycloneDX or SPDX 2.3 JSON) to scan for vulnerable components. */
  readonly sbom?: readonly string[];
  /** Write the current findings as a baseline here (then they count as baselined). */
  readonly writeBaseline?: string;
  readonly rules?: RulesConfig;
  readonly analyzers: readonly Analyzer[];
  /** Progress for a terminal status line; called between stages. */
  readonly onProgress?: (event: ScanProgress) => void;
  /** Injected clock: `today` for expiry (YYYY-MM-DD), `now` for timestamps. */
  readonly now?: () => Date;
}

export type ScanProgress =
  | { readonly phase: 'collecting' }
  | { readonly phase: 'analyzing'; readonly files: number }
  | { readonly phase: 'done' };

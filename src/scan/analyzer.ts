import type { Finding } from '../core/finding.ts';
import type { RuleMetadata } from '../core/rule.ts';

/** A file the collectors found, read as UTF-8 text (binaries are skipped before this point). */
export interface ScanFile {
  /** Relative to the scan root, forward slashes. */
  readonly path: string;
  /** The text. The collector decodes it on first read when it kept `bytes` (src/scan/collect/read.ts). */
  readonly content: string;
  /**
   * The UTF-8 bytes `content` was decoded from (BOM dropped), when the file was valid UTF-8 and
   * the collector kept them: the secrets engine matches bytes, so a secrets-only scan never decodes.
   */
  readonly bytes?: Uint8Array;
}

export interface AnalyzerContext {
  /** Scan root on disk (absolute); analyzers must not read outside the files they are handed. */
  readonly root: string;
}

/**
 * One per kind of analysis (policy, secrets, deps…), listed in src/scan/analyzers.ts.
 * `analyze` receives every collected file at once so cross-file rules are possible.
 * Analyzers never throw for bad input: they return parse-error findings.
 */
export interface Analyzer {
  readonly name: string;
  /** Whether this analyzer wants a file (cheap: path and maybe the first bytes). */
  wants(file: ScanFile): boolean;
  /**
   * True when the analyzer has sources of its own beyond the collected text files (git history,
   * archives the collector skipped as binary): it runs even when it wants none of the files.
   */
  readonly runsWithoutFiles?: boolean;
  analyze(files: readonly ScanFile[], context: AnalyzerContext): Promise<readonly Finding[]>;
  /** Optional: metadata of every rule it can run (ScanResult.rules, SARIF, `rampart rules list`). */
  rules?(): Promise<readonly RuleMetadata[]>;
  /** Optional: figures of the last `analyze` call, for the scan summary. */
  lastStats?(): AnalyzerStats;
  /** Optional: an incremental session (watch mode, LSP) that re-analyzes only changed files. */
  session?(context: AnalyzerContext): Promise<AnalyzerSession>;
}

/** Incremental analysis state: feed it changed and removed files, get every current finding. */
export interface AnalyzerSession {
  update(changed: readonly ScanFile[], removed: readonly string[]): readonly Finding[];
  stats?(): { readonly documents: number };
}

export interface AnalyzerStats {
  readonly documents: number;
  readonly rulesEvaluated: number;
}

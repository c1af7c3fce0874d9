/**
 * OSV schema records (https://ossf.github.io/osv-schema/) as Rampart keeps them after
 * validation. Only the fields matching and reporting need are typed; `database_specific` and
 * `ecosystem_specific` stay opaque JSON because every database fills them differently.
 */

export type OsvRangeType = 'SEMVER' | 'ECOSYSTEM' | 'GIT';
export type OsvEventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

export interface OsvEvent {
  readonly kind: OsvEventKind;
  readonly version: string;
}

export interface OsvRange {
  readonly type: OsvRangeType;
  readonly repo?: string;
  readonly events: readonly OsvEvent[];
}

export interface OsvPackage {
  readonly ecosystem: string;
  readonly name: string;
  readonly purl?: string;
}

export interface OsvAffected {
  /** Absent in records that only name git commits (no package to match). */
  readonly package?: OsvPackage;
  readonly ranges: readonly OsvRange[];
  readonly versions: readonly string[];
  /** Per-package severity (schema 1.5+); used when the record has no top-level vector. */
  readonly severity?: readonly OsvSeverity[];
  readonly databaseSpecific?: unknown;
  readonly ecosystemSpecific?: unknown;
}

export interface OsvSeverity {
  /** CVSS_V2 | CVSS_V3 | CVSS_V4 | Ubuntu | … — kept as written. */
  readonly type: string;
  readonly score: string;
}

export interface OsvRecord {
  readonly id: string;
  /** RFC 3339, as written in the record. */
  readonly modified: string;
  readonly published?: string;
  readonly withdrawn?: string;
  readonly aliases: readonly string[];
  readonly related: readonly string[];
  readonly summary?: string;
  readonly details?: string;
  readonly severity: readonly OsvSeverity[];
  readonly affected: readonly OsvAffected[];
  readonly databaseSpecific?: unknown;
}

/** Where a record came from, for messages: the file, and the entry inside an archive. */
export interface OsvSource {
  readonly file: string;
  readonly entry?: string;
}

/** A record (or part of one) that could not be used. Names file, entry and field. */
export interface OsvProblem {
  readonly severity: 'error' | 'notice';
  readonly file: string;
  readonly entry?: string;
  /** Record id when known. */
  readonly id?: string;
  readonly message: string;
}

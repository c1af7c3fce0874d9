/** A line range, 1-based and inclusive, that an inline directive covers. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/** One `rampart:ignore` comment. */
export interface InlineDirective {
  /** Line of the comment itself. */
  readonly line: number;
  readonly rules: readonly string[];
  readonly reason?: string;
  /** YYYY-MM-DD, last day the directive suppresses. */
  readonly until?: string;
  /** Lines whose findings it suppresses (its own line, the next code line, or a whole resource). */
  readonly spans: readonly LineSpan[];
  /** Why the directive is unusable (no reason, bad date…); an invalid directive suppresses nothing. */
  readonly problem?: string;
}

/** One entry of `.rampart/waivers.yaml`, with where it was written so reports can point at it. */
export interface Waiver {
  readonly rule: string;
  /** Picomatch glob on the root-relative path. */
  readonly path?: string;
  /** Terraform/CloudFormation address, or `kind/namespace/name` / `kind/name`. */
  readonly resource?: string;
  readonly reason: string;
  readonly owner?: string;
  /** YYYY-MM-DD, last day the waiver suppresses. */
  readonly expires?: string;
  readonly file: string;
  readonly line: number;
}

/** `.rampart/baseline.json`: known findings accepted as they are, matched by fingerprint. */
export interface BaselineFile {
  readonly version: 1;
  readonly createdAt: string;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly fingerprint: string;
  /** For people reading the file; matching uses the fingerprint only. */
  readonly rule: string;
  readonly file?: string;
}

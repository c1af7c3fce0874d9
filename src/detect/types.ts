/**
 * Public shapes of the Sigma engine. The engine is pure: it takes YAML text and parsed events,
 * never touches files, and never throws on bad rules or bad events (errors are values).
 */

/** A parsed log event: any JSON object. Field lookup is described in docs/detect.md. */
export type SigmaEvent = Readonly<Record<string, unknown>>;

export interface Logsource {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** Where a rule document came from (for reasons and alerts). */
export interface RuleOrigin {
  readonly file: string;
  /** 1-based line of the YAML document start. */
  readonly line: number;
}

/** Why one rule document was not loaded. Every rejection is reported, never dropped silently. */
export interface Rejection {
  readonly origin: RuleOrigin;
  readonly title?: string;
  readonly id?: string;
  /** Stable short code, e.g. `condition`, `modifier`, `expand`, `yaml`. */
  readonly code: RejectionCode;
  readonly reason: string;
}

export type RejectionCode =
  | 'yaml'
  | 'shape'
  | 'condition'
  | 'modifier'
  | 'value'
  | 'expand'
  | 'regex'
  | 'unsupported'
  /** An invalid correlation rule (docs/detect.md §Correlations). */
  | 'correlation';

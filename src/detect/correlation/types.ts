/**
 * Shapes of Sigma correlation rules (spec: Sigma Correlation Rules v2.1) once loaded and resolved,
 * and of what the correlation engine reports. Parsing lives in parse.ts, references in resolve.ts.
 */
import type { EventRef } from '../alert.ts';
import type { RuleDocs } from '../rule-docs.ts';
import type { RuleOrigin, SigmaLevel } from '../types.ts';

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

export const CORRELATION_TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
];

/** Types whose condition reads `field` (spec §Correlation Types). */
export const FIELD_TYPES: readonly CorrelationType[] = [
  'value_count',
  'value_sum',
  'value_avg',
  'value_percentile',
];

export type ConditionOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

/** A conjunction of comparisons (`{gt: 100, lte: 200}` is a range). */
export interface CorrelationCondition {
  readonly tests: readonly { readonly op: ConditionOp; readonly value: number }[];
}

/** A correlation rule as written, before its `rules:` references are resolved. */
export interface ParsedCorrelation extends RuleDocs {
  readonly kind: 'correlation';
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly title: string;
  readonly level: SigmaLevel | undefined;
  readonly tags: readonly string[];
  readonly type: CorrelationType;
  /** Referenced rule ids or names, in order (order matters for temporal_ordered). */
  readonly refs: readonly string[];
  readonly groupBy: readonly string[];
  /** alias → (rule name or id → event field). */
  readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly timespanMs: number;
  /** Undefined only for temporal types: then every referenced rule must match. */
  readonly condition: CorrelationCondition | undefined;
  /** Field for value_* types (several fields for value_count are counted as one combined value). */
  readonly fields: readonly string[];
  /** Spec §Generate: emit the referenced rules' own alerts too (default false). */
  readonly generate: boolean;
  readonly origin: RuleOrigin;
  /** Line of `correlation.rules` (reference errors point there). */
  readonly refsLine: number;
}

/** Identity of a base rule or correlation, as used between loader, detector and engine. */
export type RuleKey = string;

/** A correlation whose references point at loaded rules or correlations. */
export interface CorrelationRule extends ParsedCorrelation {
  /** Identity keys of the referenced rules/correlations, in `refs` order. */
  readonly targets: readonly RuleKey[];
  /** Per target (same order): group-by field names after aliases. */
  readonly groupFields: readonly (readonly string[])[];
  /** The key other correlations use to reference this one. */
  readonly key: RuleKey;
}

/** What a correlation alert adds to an alert (`Alert.correlation`). */
export interface CorrelationDetails {
  readonly type: CorrelationType;
  /** Group-by field (or alias) → value. */
  readonly groupBy: Readonly<Record<string, string>>;
  /** The aggregate the condition was tested on: count, distinct values, sum, average or percentage. */
  readonly value: number;
  /** Events in the window. */
  readonly count: number;
  /** Event time (ms since epoch) of the first and last event in the window. */
  readonly first: number;
  readonly last: number;
  readonly firstTime: string;
  readonly lastTime: string;
  /** The contributing events (the most recent ones, at most `maxEventRefs`). */
  readonly events: readonly EventRef[];
  /** More contributing events than `events` lists. */
  readonly truncated: boolean;
}

export interface CorrelationOptions {
  /** Events older than the newest event time minus this are `late` (counted, not correlated). Default 0. */
  readonly allowedLatenessMs?: number;
  /** Group keys kept per correlation; beyond it the least recently updated group is evicted. Default 100,000. */
  readonly maxGroups?: number;
  /** Window entries kept per group; beyond it the oldest entry is evicted. Default 10,000. */
  readonly maxEntriesPerGroup?: number;
  /** Window entries kept per correlation over all groups; beyond it whole LRU groups are evicted. Default 1,000,000. */
  readonly maxTotalEntries?: number;
  /** Event references carried by one correlation alert. Default 20. */
  readonly maxEventRefs?: number;
  /** Event fields read for the event time when `push` gets no `meta.time`, first present wins. */
  readonly timeFields?: readonly string[];
}

export interface CorrelationStats {
  /** Base/correlation matches fed to correlations. */
  readonly inputs: number;
  /** Events older than the watermark minus the allowed lateness: not correlated. */
  readonly late: number;
  /** Matches without a readable event time (they take the newest time seen). */
  readonly untimed: number;
  /** Matches skipped because a group-by field was missing. */
  readonly missingGroupBy: number;
  /** Groups evicted while they still held in-window events (LRU), and entries dropped at the per-group cap. */
  readonly evictedGroups: number;
  readonly evictedEntries: number;
  /** Groups dropped because every entry had left the window (no information lost). */
  readonly expiredGroups: number;
  /** Groups and window entries currently held, over all correlations. */
  readonly groups: number;
  readonly entries: number;
  readonly alerts: number;
}

/**
 * The streaming library API: `createDetector({ rules, pipelines, options })`, then `push(event)`
 * returns the alerts for that event and `flush()` the alerts still pending at end of stream.
 * No global state: every detector owns its index and counters.
 */
import { type Alert, buildAlert, type EventRef } from './alert.ts';
import { createCorrelationHook, type EventTime } from './correlation/hook.ts';
import type { CorrelationOptions, CorrelationRule, CorrelationStats } from './correlation/types.ts';
import { evaluate, type KeywordOptions } from './evaluate.ts';
import { EventView } from './event-view.ts';
import { compatible, createWindowsLogsource, type LogsourceResolver, logsourceKey } from './logsource.ts';
import { applyPipelines, type FieldMappingPipeline } from './pipeline.ts';
import type { SigmaRule } from './rule.ts';
import { RuleIndex } from './rule-index.ts';
import type { Logsource, SigmaEvent } from './types.ts';

export interface DetectorOptions {
  /** Restrict keyword (unbound) searches to these fields; default: every string value. */
  readonly keywordFields?: readonly string[];
  /**
   * Derive an event's logsource for routing; default: Windows channels and Sysmon event ids.
   * `null` disables routing (every rule sees every event).
   */
  readonly logsource?: LogsourceResolver | null;
  /** Count evaluations, matches and CPU time per rule (`ruleStats()`); costs a clock read per evaluation. */
  readonly ruleStats?: boolean;
  /** Correlation windows and state bounds (docs/detect.md §Correlations). */
  readonly correlation?: CorrelationOptions;
}

/** Per-rule cost, so users can find expensive rules (`rampart detect --stats`). */
export interface RuleStats {
  readonly rule: SigmaRule;
  readonly evaluations: number;
  readonly matches: number;
  readonly nanoseconds: number;
}

export interface DetectorInput {
  readonly rules: readonly SigmaRule[];
  readonly pipelines?: readonly FieldMappingPipeline[];
  readonly options?: DetectorOptions;
  /** Correlation rules (`loadRules(...).correlations`); their base rules must be in `rules`. */
  readonly correlations?: readonly CorrelationRule[];
}

export interface PushMeta {
  readonly source?: string;
  readonly line?: number;
  /** Overrides the resolver for this event. */
  readonly logsource?: Logsource;
  /** Event time for correlations (epoch ms, ISO 8601 or Date); default: read from the event. */
  readonly time?: EventTime;
}

export interface DetectorStats {
  readonly events: number;
  readonly alerts: number;
  /** Rule evaluations actually run (after the index). */
  readonly evaluations: number;
  readonly rules: number;
  /** Present when the detector has correlation rules. */
  readonly correlation?: CorrelationStats;
}

export interface Detector {
  push(event: SigmaEvent, meta?: PushMeta): Alert[];
  flush(): Alert[];
  stats(): DetectorStats;
  /** Rules that were evaluated at least once, most expensive first; empty unless `options.ruleStats`. */
  ruleStats(): RuleStats[];
}

/** Distinct event logsources that keep a built index. */
const MAX_INDEXES = 256;

export function createDetector(input: DetectorInput): Detector {
  const rules = applyPipelines(input.rules, input.pipelines ?? []);
  const resolver =
    input.options?.logsource === undefined ? createWindowsLogsource() : input.options.logsource;
  const kw: KeywordOptions = { keywordFields: input.options?.keywordFields };
  // One index per distinct event logsource, built on first use.
  const indexes = new Map<string, RuleIndex>();
  // Resolvers that return the same object for the same logsource skip the key string (bounded).
  const byIdentity = new Map<Logsource | undefined, RuleIndex>();
  const indexFor = (ls: Logsource | undefined): RuleIndex => {
    const known = byIdentity.get(ls);
    if (known) return known;
    const index = indexForKey(ls);
    if (byIdentity.size < 4096) byIdentity.set(ls, index);
    return index;
  };
  const indexForKey = (ls: Logsource | undefined): RuleIndex => {
    const key = logsourceKey(ls);
    let index = indexes.get(key);
    if (!index) {
      // Bounded: callers passing endless distinct logsources cannot grow memory without limit.
      if (indexes.size >= MAX_INDEXES) {
        indexes.clear();
        byIdentity.clear();
      }
      index = new RuleIndex(
        rules.filter((r) => compatible(r.logsource, ls)),
        kw.keywordFields,
      );
      indexes.set(key, index);
    }
    return index;
  };
  const perRule = input.options?.ruleStats
    ? new Map<SigmaRule, { evaluations: number; matches: number; nanoseconds: number }>()
    : undefined;
  let events = 0;
  let alerts = 0;
  let evaluations = 0;
  const correlation = createCorrelationHook(
    input.correlations,
    input.pipelines ?? [],
    input.options?.correlation,
    input.rules,
  );
  return {
    push(event, meta) {
      const ref = eventRef(events++, meta);
      if (event === null || typeof event !== 'object') return [];
      const ls = meta?.logsource ?? (resolver ? safeResolve(resolver, event) : undefined);
      const index = indexFor(ls);
      const ev = new EventView(event);
      let out: Alert[] = [];
      // Every matching rule, for correlations (including rules whose own alerts are hidden).
      const hits: SigmaRule[] | undefined = correlation ? [] : undefined;
      // Reused by the index: read before the next event.
      const candidates = index.candidates(ev);
      for (let k = 0; k < candidates.length; k++) {
        const rule = index.rules[candidates[k] as number] as SigmaRule;
        evaluations++;
        if (perRule) {
          const start = process.hrtime.bigint();
          const hit = evaluate(rule.match, ev, kw);
          const s = perRule.get(rule) ?? { evaluations: 0, matches: 0, nanoseconds: 0 };
          s.evaluations++;
          s.nanoseconds += Number(process.hrtime.bigint() - start);
          if (hit) s.matches++;
          perRule.set(rule, s);
          if (hit) {
            hits?.push(rule);
            if (!correlation?.hides(rule)) out.push(buildAlert(rule, ev, ref, kw));
          }
        } else if (evaluate(rule.match, ev, kw)) {
          hits?.push(rule);
          // Rules that only feed correlations (spec §Generate) build no alert of their own.
          if (!correlation?.hides(rule)) out.push(buildAlert(rule, ev, ref, kw));
        }
      }
      if (correlation && hits) out = correlation.afterEvent(out, hits, ev, meta?.time, ref);
      alerts += out.length;
      return out;
    },
    flush() {
      // Single-event rules alert on push; correlations decide their still-open windows here.
      const out = correlation ? correlation.flush() : [];
      alerts += out.length;
      return out;
    },
    stats() {
      const base = { events, alerts, evaluations, rules: rules.length };
      return correlation ? { ...base, correlation: correlation.stats() } : base;
    },
    ruleStats() {
      if (!perRule) return [];
      return [...perRule].map(([rule, s]) => ({ rule, ...s })).sort((a, b) => b.nanoseconds - a.nanoseconds);
    },
  };
}

/** Built without spreads (one object per event, the same key order as before). */
function eventRef(index: number, meta: PushMeta | undefined): EventRef {
  const source = meta?.source;
  const line = meta?.line;
  if (source === undefined) return line === undefined ? { index } : { index, line };
  return line === undefined ? { index, source } : { index, source, line };
}

function safeResolve(resolver: LogsourceResolver, event: SigmaEvent): Logsource | undefined {
  try {
    return resolver(event);
  } catch {
    return undefined;
  }
}

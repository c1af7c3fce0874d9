/**
 * The detector's side of correlations: turns each event's rule matches into engine inputs
 * (event time, group-by lookup), hides the alerts of rules that only feed correlations
 * (spec §Generate) and adds correlation alerts. Kept here so detector.ts needs three lines.
 */
import type { Alert, EventRef } from '../alert.ts';
import type { EventView } from '../event-view.ts';
import { type FieldMappingPipeline, renameFieldForRule } from '../pipeline.ts';
import type { SigmaRule } from '../rule.ts';
import { CorrelationEngine, type FieldLookup } from './engine.ts';
import { ruleKey } from './resolve.ts';
import { DEFAULT_TIME_FIELDS, eventTime, toEpochMs } from './time.ts';
import type { CorrelationOptions, CorrelationRule, CorrelationStats } from './types.ts';

/** Event time given by the caller: epoch milliseconds, an ISO 8601 string or a Date. */
export type EventTime = number | string | Date;

export interface CorrelationHook {
  /** Whether the rule's own alerts are hidden because it only feeds correlations (spec §Generate). */
  hides(rule: SigmaRule): boolean;
  /** `out` are the event's visible alerts, `hits` every rule that matched; adds correlation alerts. */
  afterEvent(
    out: Alert[],
    hits: readonly SigmaRule[],
    ev: EventView,
    time: EventTime | undefined,
    ref: EventRef,
  ): Alert[];
  flush(): Alert[];
  stats(): CorrelationStats;
}

export function createCorrelationHook(
  correlations: readonly CorrelationRule[] | undefined,
  pipelines: readonly FieldMappingPipeline[],
  options: CorrelationOptions = {},
  /** The base rules (before pipelines): conditional mappings rename fields per referenced rule. */
  rules: readonly SigmaRule[] = [],
): CorrelationHook | undefined {
  if (!correlations || correlations.length === 0) return undefined;
  const byKey = new Map(rules.map((r) => [ruleKey(r), r] as const));
  const engine = new CorrelationEngine(
    pipelines.length === 0 ? correlations : correlations.map((c) => mapFields(c, pipelines, byKey)),
    options,
  );
  const timeFields = options.timeFields ?? DEFAULT_TIME_FIELDS;
  const keys = new WeakMap<SigmaRule, string>();
  const keyOf = (rule: SigmaRule): string => {
    let k = keys.get(rule);
    if (k === undefined) {
      k = ruleKey(rule);
      keys.set(rule, k);
    }
    return k;
  };
  let current: EventView | undefined;
  const lookup: FieldLookup = (field) => (current === undefined ? undefined : fieldValue(current, field));
  return {
    hides: (rule) => engine.suppressed.has(keyOf(rule)),
    afterEvent(out, hits, ev, given, ref) {
      if (hits.length === 0 && !engine.needsClock) return out;
      // Read at most once per event, and only when some correlation needs it.
      let time: number | undefined;
      let timed = false;
      if (engine.needsClock) {
        time = given !== undefined ? toEpochMs(given) : eventTime(ev, timeFields);
        timed = true;
      }
      const closed = engine.needsClock ? engine.observe(time) : [];
      const result = closed.length === 0 ? out : [...closed, ...out];
      for (const rule of hits) {
        const key = keyOf(rule);
        if (!engine.consumes(key)) continue;
        if (!timed) {
          time = given !== undefined ? toEpochMs(given) : eventTime(ev, timeFields);
          timed = true;
        }
        // One lookup function per hook (not per event): the engine reads fields only during match().
        current = ev;
        const alerts = engine.match(key, lookup, time, ref);
        current = undefined;
        for (const a of alerts) result.push(a);
      }
      return result;
    },
    flush: () => engine.flush(),
    stats: () => engine.stats(),
  };
}

/** A field of the event as the engine groups and aggregates it: first scalar, or undefined. */
function fieldValue(ev: EventView, field: string): string | number | undefined {
  const v = ev.get(field);
  if (!v.present || v.raw.length === 0) return undefined;
  const x = v.raw.length === 1 ? v.raw[0] : v.raw;
  if (typeof x === 'string' || typeof x === 'number') return x;
  if (typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  return JSON.stringify(x);
}

/**
 * Pipelines rename rule fields; group-by and value fields are rule fields too, renamed as the
 * referenced rule's own items are (a logsource-conditional mapping applies per target). Value
 * fields are shared by all targets: renamed when every target agrees, else by the pipelines'
 * unconditional steps only.
 */
function mapFields(
  c: CorrelationRule,
  pipelines: readonly FieldMappingPipeline[],
  byKey: ReadonlyMap<string, SigmaRule>,
): CorrelationRule {
  const targets = c.targets.map((k) => byKey.get(k));
  const shared = (field: string): string => {
    const names = new Set(targets.map((r) => renameFieldForRule(field, r, pipelines)));
    return names.size === 1 ? ([...names][0] as string) : renameFieldForRule(field, undefined, pipelines);
  };
  return Object.freeze({
    ...c,
    fields: c.fields.map(shared),
    groupFields: c.groupFields.map((fs, i) => fs.map((f) => renameFieldForRule(f, targets[i], pipelines))),
  });
}

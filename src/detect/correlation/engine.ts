/**
 * The correlation engine: base-rule matches (and the alerts of correlations they chain into) go
 * in, correlation alerts come out. Pure and clock-free: time is the events' own time, and the
 * watermark is the newest event time seen. State is bounded per correlation by `maxGroups`
 * (least recently updated group evicted) and `maxEntriesPerGroup` (oldest entry evicted); both
 * evictions are counted. See docs/detect.md §Correlations for the semantics.
 */
import { createHash } from 'node:crypto';
import type { Alert, EventRef } from '../alert.ts';
import { attackIds } from '../attack.ts';
import { MinHeap } from './heap.ts';
import { evaluationMode, holds } from './parse.ts';
import type {
  CorrelationDetails,
  CorrelationOptions,
  CorrelationRule,
  CorrelationStats,
  RuleKey,
} from './types.ts';
import { aggregate, type EntryValue, GroupWindow } from './window.ts';

/** A field of the matched event (or of a chained correlation alert): first scalar, or undefined. */
export type FieldLookup = (field: string) => string | number | undefined;

interface Group {
  readonly key: string;
  readonly values: readonly string[];
  /** LRU list neighbours (older / newer update). */
  prev: Group | undefined;
  next: Group | undefined;
  readonly w: GroupWindow;
  /** Arrival mode: the condition held at the newest evaluated point. */
  firing: boolean;
  lastAlert: number;
  /** Newest evaluation point so far (older points are re-evaluations after a late event). */
  clock: number;
  /** Closed mode: start of the open window. */
  anchor: number | undefined;
  dead: boolean;
}

interface Pending {
  readonly at: number;
  readonly corr: CorrState;
  readonly group: Group;
  readonly anchor: number;
}

interface CorrState {
  readonly rule: CorrelationRule;
  readonly mode: 'arrival' | 'closed';
  readonly groups: Map<string, Group>;
  /**
   * Least and most recently updated groups. A linked list, not Map order: re-inserting into a Map
   * and evicting its first key leaves deleted slots that every later eviction walks over.
   */
  oldest: Group | undefined;
  newest: Group | undefined;
  /** Window entries held over all groups (bounded by `maxTotalEntries`). */
  entries: number;
}

const DEFAULTS = {
  allowedLatenessMs: 0,
  maxGroups: 100_000,
  maxEntriesPerGroup: 10_000,
  maxTotalEntries: 1_000_000,
  maxEventRefs: 20,
};

export class CorrelationEngine {
  private readonly states: CorrState[];
  /** Rule key → correlations (and target index) it feeds. */
  private readonly consumers = new Map<RuleKey, { state: CorrState; target: number }[]>();
  private readonly pending = new MinHeap<Pending>();
  private readonly lateness: number;
  private readonly maxGroups: number;
  private readonly maxEntries: number;
  private readonly maxTotal: number;
  private readonly maxRefs: number;
  private watermark = Number.NEGATIVE_INFINITY;
  private counts = {
    inputs: 0,
    late: 0,
    untimed: 0,
    missingGroupBy: 0,
    evictedGroups: 0,
    evictedEntries: 0,
    expiredGroups: 0,
    alerts: 0,
  };
  /** Rule keys whose own alerts are not emitted (spec §Generate). */
  readonly suppressed: ReadonlySet<RuleKey>;
  /** Some correlation decides on closed windows, so every event's time must advance the clock. */
  readonly needsClock: boolean;

  constructor(correlations: readonly CorrelationRule[], options: CorrelationOptions = {}) {
    this.lateness = Math.max(0, options.allowedLatenessMs ?? DEFAULTS.allowedLatenessMs);
    this.maxGroups = Math.max(1, options.maxGroups ?? DEFAULTS.maxGroups);
    this.maxTotal = Math.max(1, options.maxTotalEntries ?? DEFAULTS.maxTotalEntries);
    this.maxEntries = Math.min(
      this.maxTotal,
      Math.max(1, options.maxEntriesPerGroup ?? DEFAULTS.maxEntriesPerGroup),
    );
    this.maxRefs = Math.max(0, options.maxEventRefs ?? DEFAULTS.maxEventRefs);
    this.states = correlations.map((rule) => ({
      rule,
      mode: evaluationMode(rule.type, rule.condition),
      groups: new Map(),
      oldest: undefined,
      newest: undefined,
      entries: 0,
    }));
    for (const state of this.states) {
      state.rule.targets.forEach((key, target) => {
        const list = this.consumers.get(key) ?? [];
        list.push({ state, target });
        this.consumers.set(key, list);
      });
    }
    const generated = new Set<RuleKey>();
    const hidden = new Set<RuleKey>();
    for (const c of correlations) for (const t of c.targets) (c.generate ? generated : hidden).add(t);
    this.suppressed = new Set([...hidden].filter((k) => !generated.has(k)));
    this.needsClock = this.states.some((s) => s.mode === 'closed');
  }

  /** Whether matches of this rule feed any correlation. */
  consumes(key: RuleKey): boolean {
    return this.consumers.has(key);
  }

  /** Advance event time (every event when `needsClock`): closes windows whose end has passed. */
  observe(time: number | undefined): Alert[] {
    if (time === undefined || time <= this.watermark) return [];
    this.watermark = time;
    return this.closeDue(false);
  }

  /** One match of rule `key` at event time `time` (undefined: unknown). Returns correlation alerts. */
  match(key: RuleKey, lookup: FieldLookup, time: number | undefined, ref: EventRef): Alert[] {
    const list = this.consumers.get(key);
    if (!list) return [];
    let t = time;
    if (t === undefined) {
      this.counts.untimed++;
      t = Number.isFinite(this.watermark) ? this.watermark : 0;
    }
    const out: Alert[] = this.observe(t);
    if (t < this.watermark - this.lateness) {
      this.counts.late++;
      return out;
    }
    for (const { state, target } of list) {
      this.counts.inputs++;
      for (const a of this.feed(state, target, lookup, t, ref)) this.emit(a, state.rule.key, lookup, out);
    }
    return out;
  }

  /** End of stream: decide every open closed-mode window. */
  flush(): Alert[] {
    return this.closeDue(true);
  }

  stats(): CorrelationStats {
    let groups = 0;
    let entries = 0;
    for (const s of this.states) {
      groups += s.groups.size;
      entries += s.entries;
    }
    return { ...this.counts, groups, entries };
  }

  /**
   * Feed a correlation alert to the correlations chained on it, then keep it unless a
   * correlation reading it hides it (spec §Generate).
   */
  private emit(a: Alert, key: RuleKey, lookup: FieldLookup | undefined, out: Alert[]): void {
    const c = a.correlation;
    const chained: Alert[] = [];
    if (c && this.consumers.has(key)) {
      const fields: FieldLookup = (f) => c.groupBy[f] ?? lookup?.(f);
      chained.push(...this.match(key, fields, c.last, a.event));
    }
    if (!this.suppressed.has(key)) {
      this.counts.alerts++;
      out.push(a);
    }
    out.push(...chained);
  }

  private feed(state: CorrState, target: number, lookup: FieldLookup, t: number, ref: EventRef): Alert[] {
    const rule = state.rule;
    const fields = rule.groupFields[target] as readonly string[];
    let key = '';
    const parts: string[] | undefined = fields.length > 1 ? [] : undefined;
    for (let i = 0; i < fields.length; i++) {
      const v = lookup(fields[i] as string);
      if (v === undefined) {
        // Like the backends' group-by, an event without the field belongs to no group.
        this.counts.missingGroupBy++;
        return [];
      }
      if (parts) parts.push(String(v));
      else key = String(v);
    }
    // One field: the value itself (the hot case); several: a JSON array, unambiguous whatever they contain.
    if (parts) key = JSON.stringify(parts);
    const g = this.group(state, key, fields.length);
    const span = rule.timespanMs;
    const keepFrom = Math.min(this.watermark - this.lateness - span, g.anchor ?? Number.POSITIVE_INFINITY);
    state.entries -= g.w.dropBefore(keepFrom);
    const newestBefore = g.w.newest;
    g.w.insert(t, target, this.valueOf(rule, lookup), ref);
    state.entries++;
    while (g.w.size > this.maxEntries) {
      g.w.dropOldest();
      state.entries--;
      this.counts.evictedEntries++;
    }
    // Many groups with long windows: evict whole least recently updated groups, never this one.
    while (state.entries > this.maxTotal && state.oldest !== g) this.evictOldest(state);
    const out: Alert[] = [];
    if (state.mode === 'arrival') {
      this.evaluateAt(state, g, t, out);
      // A late event also lands in the windows of later events: re-evaluate those.
      if (t < newestBefore) for (const p of g.w.timesIn(t, t + span)) this.evaluateAt(state, g, p, out);
      return out;
    }
    // An event after the open window's end waits in the entries: the window closes when event
    // time passes its end plus the lateness (late events may still land in it), then the next
    // window opens at the first entry after it.
    if (g.anchor === undefined || t < g.anchor) this.openWindow(state, g, t);
    return out;
  }

  private valueOf(rule: CorrelationRule, lookup: FieldLookup): EntryValue {
    if (rule.fields.length === 0) return undefined;
    if (rule.type === 'value_sum' || rule.type === 'value_avg') {
      const v = lookup(rule.fields[0] as string);
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    if (rule.fields.length === 1) {
      const v = lookup(rule.fields[0] as string);
      return v === undefined ? undefined : String(v);
    }
    // Spec §Value Count: several fields are AND-ed: the combination is one value.
    const parts: string[] = [];
    for (const f of rule.fields) {
      const v = lookup(f);
      if (v === undefined) return undefined;
      parts.push(String(v));
    }
    return JSON.stringify(parts);
  }

  private group(state: CorrState, key: string, fieldCount: number): Group {
    let g = state.groups.get(key);
    if (g) {
      if (state.newest !== g) {
        unlink(state, g);
        append(state, g);
      }
      return g;
    }
    // At the limit, the evicted group's window arrays are reused (no garbage per new key).
    const recycled = state.groups.size >= this.maxGroups ? this.evictOldest(state) : undefined;
    g = {
      key,
      values: fieldCount === 0 ? [] : fieldCount === 1 ? [key] : (JSON.parse(key) as string[]),
      prev: undefined,
      next: undefined,
      w: recycled ?? new GroupWindow(),
      firing: false,
      lastAlert: Number.NEGATIVE_INFINITY,
      clock: Number.NEGATIVE_INFINITY,
      anchor: undefined,
      dead: false,
    };
    state.groups.set(key, g);
    append(state, g);
    return g;
  }

  /** Evict the least recently updated group; returns its emptied window for reuse. */
  private evictOldest(state: CorrState): GroupWindow | undefined {
    const g = state.oldest;
    if (!g) return undefined;
    unlink(state, g);
    state.groups.delete(g.key);
    g.dead = true;
    const horizon = this.watermark - this.lateness - state.rule.timespanMs;
    if (g.anchor === undefined && g.w.newest < horizon) this.counts.expiredGroups++;
    else this.counts.evictedGroups++;
    state.entries -= g.w.size;
    g.w.clear();
    return g.w;
  }

  private evaluateAt(state: CorrState, g: Group, p: number, out: Alert[]): void {
    const rule = state.rule;
    const from = g.w.lowerBound(p - rule.timespanMs);
    const to = g.w.upperBound(p);
    if (to <= from) return;
    const value = aggregate(g.w, from, to, rule.type, rule.targets.length, g.w.values[to - 1]);
    const ok =
      value !== undefined && (rule.condition ? holds(rule.condition, value) : value === rule.targets.length);
    if (p >= g.clock) {
      g.clock = p;
      // Re-alert policy: once when the condition starts holding, again once a whole timespan has
      // passed since the last alert while it keeps holding.
      if (ok && (!g.firing || p - g.lastAlert > rule.timespanMs)) {
        g.lastAlert = p;
        out.push(this.alert(state, g, from, to, value as number));
      }
      g.firing = ok;
    } else if (ok && Math.abs(p - g.lastAlert) > rule.timespanMs) {
      // A late event completed an older window that has not alerted.
      g.lastAlert = Math.max(g.lastAlert, p);
      out.push(this.alert(state, g, from, to, value as number));
    }
  }

  private openWindow(state: CorrState, g: Group, anchor: number): void {
    g.anchor = anchor;
    this.pending.push({ at: anchor + state.rule.timespanMs + this.lateness, corr: state, group: g, anchor });
  }

  /** Decide the closed-mode window [anchor, anchor + timespan], then open the next one if events wait. */
  private closeWindow(state: CorrState, g: Group, out: Alert[]): void {
    const anchor = g.anchor;
    if (anchor === undefined) return;
    const rule = state.rule;
    const end = anchor + rule.timespanMs;
    const from = g.w.lowerBound(anchor);
    const to = g.w.upperBound(end);
    g.anchor = undefined;
    if (to > from) {
      const value = aggregate(g.w, from, to, rule.type, rule.targets.length, g.w.values[to - 1]);
      if (
        value !== undefined &&
        (rule.condition ? holds(rule.condition, value) : value === rule.targets.length)
      )
        out.push(this.alert(state, g, from, to, value));
    }
    if (to < g.w.times.length) this.openWindow(state, g, g.w.times[to] as number);
  }

  private closeDue(all: boolean): Alert[] {
    const out: Alert[] = [];
    for (;;) {
      const top = this.pending.peek();
      if (!top || (!all && top.at >= this.watermark)) break;
      this.pending.pop();
      const { group, corr, anchor } = top;
      if (group.dead || group.anchor !== anchor) continue;
      const produced: Alert[] = [];
      this.closeWindow(corr, group, produced);
      for (const a of produced) this.emit(a, corr.rule.key, undefined, out);
    }
    return out;
  }

  private alert(state: CorrState, g: Group, from: number, to: number, value: number): Alert {
    const rule = state.rule;
    const w = g.w;
    const groupBy: Record<string, string> = {};
    rule.groupBy.forEach((name, i) => {
      groupBy[name] = g.values[i] as string;
    });
    const first = w.times[from] as number;
    const last = w.times[to - 1] as number;
    const events = w.refs.slice(Math.max(from, to - this.maxRefs), to);
    const details: CorrelationDetails = {
      type: rule.type,
      groupBy,
      value,
      count: to - from,
      first,
      last,
      firstTime: isoTime(first),
      lastTime: isoTime(last),
      events,
      truncated: to - from > events.length,
    };
    const dedupKey = createHash('sha256')
      .update(JSON.stringify([rule.key, rule.groupBy.map((n) => [n, groupBy[n]]), first, last]))
      .digest('hex')
      .slice(0, 32);
    return {
      ruleId: rule.id,
      title: rule.title,
      level: rule.level,
      tags: rule.tags,
      attack: attackIds(rule.tags),
      matched: groupBy,
      event: events[events.length - 1] ?? (w.refs[to - 1] as EventRef),
      dedupKey,
      ruleFile: rule.origin.file,
      correlation: details,
    };
  }
}

function unlink(state: CorrState, g: Group): void {
  if (g.prev) g.prev.next = g.next;
  else state.oldest = g.next;
  if (g.next) g.next.prev = g.prev;
  else state.newest = g.prev;
  g.prev = undefined;
  g.next = undefined;
}

function append(state: CorrState, g: Group): void {
  g.prev = state.newest;
  g.next = undefined;
  if (state.newest) state.newest.next = g;
  else state.oldest = g;
  state.newest = g;
}

function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : String(ms);
}

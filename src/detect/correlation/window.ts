/**
 * One group's sliding window: entries (event time, referenced-rule index, value, event ref) kept
 * sorted by event time, so out-of-order events within the allowed lateness land where they
 * belong. Aggregates are computed over any [from, to] range (both ends inclusive) by binary
 * search plus a scan of that range; the per-group entry cap bounds the scan.
 */
import type { EventRef } from '../alert.ts';
import type { CorrelationType } from './types.ts';

export type EntryValue = string | number | undefined;

export class GroupWindow {
  /** Entries before `head` are dropped (a moving start keeps pruning O(1) amortised). */
  private head = 0;
  readonly times: number[] = [];
  readonly rules: number[] = [];
  readonly values: EntryValue[] = [];
  readonly refs: EventRef[] = [];

  /** Empty the window (for reuse by another group). */
  clear(): void {
    this.head = 0;
    truncate(this.times);
    truncate(this.rules);
    truncate(this.values);
    truncate(this.refs);
  }

  get size(): number {
    return this.times.length - this.head;
  }

  get newest(): number {
    return this.size === 0 ? Number.NEGATIVE_INFINITY : (this.times[this.times.length - 1] as number);
  }

  get oldest(): number {
    return this.size === 0 ? Number.NEGATIVE_INFINITY : (this.times[this.head] as number);
  }

  /** Insert keeping time order; equal times keep arrival order. Returns the entry's position. */
  insert(time: number, rule: number, value: EntryValue, ref: EventRef): void {
    const n = this.times.length;
    if (n === this.head || (this.times[n - 1] as number) <= time) {
      this.times.push(time);
      this.rules.push(rule);
      this.values.push(value);
      this.refs.push(ref);
      return;
    }
    const at = this.upperBound(time);
    this.times.splice(at, 0, time);
    this.rules.splice(at, 0, rule);
    this.values.splice(at, 0, value);
    this.refs.splice(at, 0, ref);
  }

  /** Drop entries older than `time`; returns how many. */
  dropBefore(time: number): number {
    let dropped = 0;
    while (this.head < this.times.length && (this.times[this.head] as number) < time) {
      this.head++;
      dropped++;
    }
    this.compact();
    return dropped;
  }

  /** Drop the oldest entry (the per-group cap). */
  dropOldest(): void {
    if (this.head < this.times.length) this.head++;
    this.compact();
  }

  /** First position with time >= t. */
  lowerBound(t: number): number {
    let lo = this.head;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position with time > t. */
  upperBound(t: number): number {
    let lo = this.head;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Distinct entry times in (after, until], ascending (re-evaluation points after a late event). */
  timesIn(after: number, until: number): number[] {
    const out: number[] = [];
    for (let i = this.upperBound(after); i < this.times.length; i++) {
      const t = this.times[i] as number;
      if (t > until) break;
      if (out[out.length - 1] !== t) out.push(t);
    }
    return out;
  }

  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.rules.splice(0, this.head);
      this.values.splice(0, this.head);
      this.refs.splice(0, this.head);
      this.head = 0;
    }
  }
}

/**
 * Empties a list. Evicted windows are cleared on almost every new group key, and hold a few
 * entries: popping them is inlined, where `length = 0` is a runtime call costing more than the
 * rest of the eviction.
 */
function truncate(list: unknown[]): void {
  if (list.length > 16) list.length = 0;
  else while (list.length > 0) list.pop();
}

/** The aggregate of positions [from, to) for a correlation type; undefined when it has no value. */
export function aggregate(
  w: GroupWindow,
  from: number,
  to: number,
  type: CorrelationType,
  ruleCount: number,
  current: EntryValue,
): number | undefined {
  switch (type) {
    case 'event_count':
      return to - from;
    case 'value_count': {
      const seen = new Set<EntryValue>();
      for (let i = from; i < to; i++) if (w.values[i] !== undefined) seen.add(w.values[i]);
      return seen.size;
    }
    case 'value_sum':
    case 'value_avg': {
      let sum = 0;
      let n = 0;
      for (let i = from; i < to; i++) {
        const v = w.values[i];
        if (typeof v === 'number') {
          sum += v;
          n++;
        }
      }
      if (type === 'value_sum') return sum;
      return n === 0 ? undefined : sum / n;
    }
    case 'value_percentile': {
      // Share (in %) of the window's values equal to the current event's value: rarity.
      if (current === undefined) return undefined;
      let n = 0;
      let same = 0;
      for (let i = from; i < to; i++) {
        const v = w.values[i];
        if (v === undefined) continue;
        n++;
        if (v === current) same++;
      }
      return n === 0 ? undefined : (100 * same) / n;
    }
    case 'temporal': {
      const seen = new Set<number>();
      for (let i = from; i < to && seen.size < ruleCount; i++) seen.add(w.rules[i] as number);
      return seen.size;
    }
    case 'temporal_ordered': {
      // Greedy: the earliest match of rule 0, then the earliest later match of rule 1, ...
      // finds an ordered chain whenever one exists. Returns the length of the ordered prefix.
      let next = 0;
      for (let i = from; i < to && next < ruleCount; i++) if (w.rules[i] === next) next++;
      return next;
    }
  }
}

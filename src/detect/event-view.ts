/**
 * Per-event field access with a cache, so each field is looked up, stringified and lowercased
 * at most once per event however many rules read it.
 *
 * Lookup: the exact top-level key first, then a dotted path (`a.b.c`) through nested objects.
 * Arrays yield each element. Numbers, bigints and booleans compare as their decimal/text form.
 */
import type { SigmaEvent } from './types.ts';

/** One field's values. `lower` is computed on first use: the ASCII prefilter does not need it. */
export class FieldValues {
  /** The field exists (even if null or empty). */
  readonly present: boolean;
  /** Raw scalar values (arrays flattened; null removed). */
  readonly raw: readonly unknown[];
  /** String forms of the scalars. */
  readonly text: readonly string[];
  private lowered: readonly string[] | undefined;

  constructor(present: boolean, raw: readonly unknown[], text: readonly string[]) {
    this.present = present;
    this.raw = raw;
    this.text = text;
  }

  /** Lowercased string forms. */
  get lower(): readonly string[] {
    if (this.lowered === undefined) {
      const t = this.text;
      this.lowered = t.length === 1 ? [(t[0] as string).toLowerCase()] : t.map((x) => x.toLowerCase());
    }
    return this.lowered;
  }
}

const ABSENT = new FieldValues(false, [], []);
const NULLISH = new FieldValues(true, [], []);

export class EventView {
  readonly event: SigmaEvent;
  private readonly cache = new Map<string, FieldValues>();
  private allStrings: FieldValues | undefined;

  constructor(event: SigmaEvent) {
    this.event = event;
  }

  get(field: string): FieldValues {
    let v = this.cache.get(field);
    if (v === undefined) {
      v = resolve(this.event, field);
      this.cache.set(field, v);
    }
    return v;
  }

  /** Every string/number value in the event, recursively (keyword searches). */
  strings(fields: readonly string[] | undefined): FieldValues {
    if (!this.allStrings) {
      const text: string[] = [];
      if (fields) for (const f of fields) text.push(...this.get(f).text);
      else collectStrings(this.event, text, 0);
      this.allStrings = new FieldValues(true, text, text);
    }
    return this.allStrings;
  }
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return undefined;
}

function collectStrings(v: unknown, out: string[], depth: number): void {
  if (depth > 64) return;
  const t = scalarText(v);
  if (t !== undefined) out.push(t);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, out, depth + 1);
  else if (v !== null && typeof v === 'object')
    for (const x of Object.values(v)) collectStrings(x, out, depth + 1);
}

/** Marks "no such field" without allocating a result object per lookup. */
const MISSING: unique symbol = Symbol('missing');

function lookup(event: SigmaEvent, field: string): unknown {
  // One property read for the common case; inherited members (constructor, __proto__) are
  // objects or functions, so only those need the own-property check.
  const direct = event[field];
  if (direct === undefined || typeof direct === 'object' || typeof direct === 'function') {
    if (Object.hasOwn(event, field)) return direct;
  } else return direct;
  if (!field.includes('.')) return MISSING;
  let cur: unknown = event;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, part))
      return MISSING;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function resolve(event: SigmaEvent, field: string): FieldValues {
  const value = lookup(event, field);
  if (value === MISSING) return ABSENT;
  if (value === null || value === undefined) return NULLISH;
  if (typeof value === 'string') {
    const one = [value];
    return new FieldValues(true, one, one);
  }
  const raw: unknown[] = Array.isArray(value) ? value.filter((x) => x !== null && x !== undefined) : [value];
  const text: string[] = [];
  for (const r of raw) {
    const t = scalarText(r);
    if (t !== undefined) text.push(t);
  }
  return new FieldValues(true, raw, text);
}

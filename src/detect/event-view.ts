/**
 * Per-event field access with a cache, so each field is looked up, stringified and lowercased
 * at most once per event however many rules read it.
 *
 * Lookup: the exact top-level key first, then a dotted path (`a.b.c`) through nested objects.
 * Arrays yield each element. Numbers, bigints and booleans compare as their decimal/text form.
 */
import type { SigmaEvent } from './types.ts';

export interface FieldValues {
  /** The field exists (even if null or empty). */
  readonly present: boolean;
  /** Raw scalar values (arrays flattened; null removed). */
  readonly raw: readonly unknown[];
  /** String forms of the scalars. */
  readonly text: readonly string[];
  /** Lowercased string forms. */
  readonly lower: readonly string[];
}

const ABSENT: FieldValues = Object.freeze({ present: false, raw: [], text: [], lower: [] });
const NULLISH: FieldValues = Object.freeze({ present: true, raw: [], text: [], lower: [] });

export class EventView {
  readonly event: SigmaEvent;
  private readonly cache = new Map<string, FieldValues>();
  private allStrings: { text: string[]; lower: string[] } | undefined;

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
  strings(fields: readonly string[] | undefined): { text: string[]; lower: string[] } {
    if (fields) {
      const text = fields.flatMap((f) => this.get(f).text);
      return { text, lower: text.map((t) => t.toLowerCase()) };
    }
    if (!this.allStrings) {
      const text: string[] = [];
      collectStrings(this.event, text, 0);
      this.allStrings = { text, lower: text.map((t) => t.toLowerCase()) };
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

function lookup(event: SigmaEvent, field: string): { found: boolean; value: unknown } {
  if (Object.hasOwn(event, field)) return { found: true, value: event[field] };
  if (!field.includes('.')) return { found: false, value: undefined };
  let cur: unknown = event;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, part)) {
      return { found: false, value: undefined };
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  return { found: true, value: cur };
}

function resolve(event: SigmaEvent, field: string): FieldValues {
  const { found, value } = lookup(event, field);
  if (!found) return ABSENT;
  if (value === null || value === undefined) return NULLISH;
  const raw: unknown[] = Array.isArray(value) ? value.filter((x) => x !== null && x !== undefined) : [value];
  const text: string[] = [];
  for (const r of raw) {
    const t = scalarText(r);
    if (t !== undefined) text.push(t);
  }
  return { present: true, raw, text, lower: text.map((t) => t.toLowerCase()) };
}

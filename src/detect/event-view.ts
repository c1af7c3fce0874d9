/**
 * Per-event field access with a cache, so each field is looked up, stringified and lowercased
 * at most once per event however many rules read it.
 *
 * Lookup: the exact top-level key first, then a dotted path (`a.b.c`) through nested objects;
 * a list met on the path is walked element by element (any element may match), unless the next
 * segment is a number (`a.0.b` reads the first element only). Arrays yield
 * each element. Numbers, bigints and booleans compare as their decimal/text form.
 */
import { type Ip, parseIp } from './cidr.ts';
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
  private encoded: readonly Buffer[] | undefined;
  private parsedIps: readonly (Ip | undefined)[] | undefined;

  constructor(present: boolean, raw: readonly unknown[], text: readonly string[]) {
    this.present = present;
    this.raw = raw;
    this.text = text;
  }

  /** Lowercased string forms. */
  get lower(): readonly string[] {
    if (this.lowered === undefined) {
      const t = this.text;
      if (t.length === 1) this.lowered = [(t[0] as string).toLowerCase()];
      else {
        const out: string[] = new Array(t.length);
        for (let k = 0; k < t.length; k++) out[k] = (t[k] as string).toLowerCase();
        this.lowered = out;
      }
    }
    return this.lowered;
  }

  /**
   * UTF-8 forms for RE2: it converts every string argument on every call, which costs more than
   * the match, so each value is converted once per event however many regexes read it.
   */
  get utf8(): readonly Buffer[] {
    if (this.encoded === undefined) {
      const t = this.text;
      const out: Buffer[] = new Array(t.length);
      for (let k = 0; k < t.length; k++) out[k] = Buffer.from(t[k] as string, 'utf8');
      this.encoded = out;
    }
    return this.encoded;
  }

  /** The values parsed as IP addresses (`cidr`), once per event. */
  get ips(): readonly (Ip | undefined)[] {
    this.parsedIps ??= this.text.map(parseIp);
    return this.parsedIps;
  }
}

const ABSENT = new FieldValues(false, [], []);
const NULLISH = new FieldValues(true, [], []);

export class EventView {
  readonly event: SigmaEvent;
  /** Created on the first lookup: most events reach no rule evaluation (≈ 200 bytes saved each). */
  private cache: Map<string, FieldValues> | undefined;
  private allStrings: FieldValues | undefined;

  constructor(event: SigmaEvent) {
    this.event = event;
  }

  get(field: string): FieldValues {
    let cache = this.cache;
    if (cache === undefined) {
      cache = new Map();
      this.cache = cache;
    }
    let v = cache.get(field);
    if (v === undefined) {
      v = resolve(this.event, field);
      cache.set(field, v);
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

/** Nesting bound for path walks (events are parsed JSON, but may be deep or hostile). */
const MAX_DEPTH = 64;

/**
 * The value at `field`: the exact key first, else the dotted path. When a path segment meets a
 * list, every element is walked with the rest of the path (common Sigma backend semantics, so
 * `spec.containers.securityContext.privileged` reads each container): the result is then a
 * `Gathered` list of every value found, and "any element matches" falls out of the usual
 * any-value comparison.
 */
function lookup(event: SigmaEvent, field: string): unknown {
  // One property read for the common case; inherited members (constructor, __proto__) are
  // objects or functions, so only those need the own-property check.
  const direct = event[field];
  if (direct === undefined || typeof direct === 'object' || typeof direct === 'function') {
    if (Object.hasOwn(event, field)) return direct;
  } else return direct;
  if (!field.includes('.')) return MISSING;
  const parts = field.split('.');
  let cur: unknown = event;
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(cur)) {
      const at = listIndex(parts[i] as string);
      if (at !== undefined) {
        // A numeric segment (`a.0.b`) picks that element of the list.
        if (at >= cur.length) return MISSING;
        cur = cur[at];
        continue;
      }
      const out: unknown[] = [];
      return gather(cur, parts, i, out, 0) ? new Gathered(out) : MISSING;
    }
    const part = parts[i] as string;
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return MISSING;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Values collected from list elements by a path walk; a marker class so it never looks like event data. */
class Gathered {
  readonly values: readonly unknown[];
  constructor(values: readonly unknown[]) {
    this.values = values;
  }
}

/** Walks `parts[i..]` from `cur` into `out`; true when the path exists in at least one element. */
function gather(cur: unknown, parts: readonly string[], i: number, out: unknown[], depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (i === parts.length) {
    // A list at the end of the path contributes its elements, like a top-level list field.
    if (Array.isArray(cur)) out.push(...cur);
    else out.push(cur);
    return true;
  }
  if (Array.isArray(cur)) {
    const at = listIndex(parts[i] as string);
    if (at !== undefined) return at < cur.length && gather(cur[at], parts, i + 1, out, depth + 1);
    let found = false;
    for (const x of cur) if (gather(x, parts, i, out, depth + 1)) found = true;
    return found;
  }
  const part = parts[i] as string;
  if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return false;
  return gather((cur as Record<string, unknown>)[part], parts, i + 1, out, depth + 1);
}

/** A path segment that indexes a list: a decimal without leading zeros. */
function listIndex(part: string): number | undefined {
  if (part.length === 0 || part.length > 9) return undefined;
  for (let k = 0; k < part.length; k++) {
    const c = part.charCodeAt(k);
    if (c < 48 || c > 57 || (k === 0 && c === 48 && part.length > 1)) return undefined;
  }
  return Number(part);
}

function resolve(event: SigmaEvent, field: string): FieldValues {
  const value = lookup(event, field);
  if (value === MISSING) return ABSENT;
  if (value === null || value === undefined) return NULLISH;
  if (typeof value === 'string') {
    const one = [value];
    return new FieldValues(true, one, one);
  }
  const list = value instanceof Gathered ? value.values : Array.isArray(value) ? value : undefined;
  const raw: unknown[] = list ? list.filter((x) => x !== null && x !== undefined) : [value];
  const text: string[] = [];
  for (const r of raw) {
    const t = scalarText(r);
    if (t !== undefined) text.push(t);
  }
  return new FieldValues(true, raw, text);
}

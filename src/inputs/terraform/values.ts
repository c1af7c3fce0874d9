import type { Span } from './ast.ts';

/**
 * Values produced by evaluating HCL: JSON-like data where any part may be `Unknown` (a reference
 * to a resource, a function we do not evaluate…). Unknown remembers the source text it stands
 * for, so documents can report `expressions[path]`.
 */
export class Unknown {
  constructor(
    private readonly source: string,
    private readonly span: Span,
  ) {}

  get text(): string {
    return this.source.slice(this.span.start, this.span.end);
  }
}

export type Value = null | boolean | number | string | readonly Value[] | ValueMap | Unknown;
export interface ValueMap {
  readonly [key: string]: Value;
}

export function isMap(value: Value): value is ValueMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

export function isList(value: Value): value is readonly Value[] {
  return Array.isArray(value);
}

/** A map built without prototype pitfalls: a `__proto__` key is data, not a prototype change. */
export function makeMap(entries: Iterable<readonly [string, Value]>): ValueMap {
  return Object.fromEntries(entries) as ValueMap;
}

/** True when the value or anything inside it is unknown. */
export function hasUnknown(value: Value): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (isMap(value)) return Object.values(value).some(hasUnknown);
  return false;
}

/** Terraform's string conversion of a primitive; undefined when not exactly representable. */
export function toStringValue(value: Value): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    const text = String(value);
    // Terraform prints numbers in plain decimal; JavaScript's exponent form would differ.
    return /e/i.test(text) ? undefined : text;
  }
  return undefined;
}

/** Structural equality as Terraform's `==` sees it (type-sensitive, no conversion). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i] as Value));
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k] as Value, b[k] as Value));
  }
  return false;
}

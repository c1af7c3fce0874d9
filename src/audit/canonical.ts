import { AuditError } from './errors.ts';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * Deterministic JSON (the RFC 8785 "JCS" shape): object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers as ECMAScript serialises them. The same value always gives the
 * same bytes, on any machine and through any database round trip, so hashes over it are stable.
 * Values JSON cannot represent faithfully (undefined, NaN, ±Infinity, bigint, functions, class
 * instances) are rejected rather than silently changed; `path` names where.
 */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new AuditError(`${path}: ${value} is not representable in JSON`);
      // JSON.stringify(-0) is "0": one value, one encoding.
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value, path) : canonicalObject(value, path);
    default:
      throw new AuditError(`${path}: a ${typeof value} is not a JSON value`);
  }
}

function canonicalArray(items: readonly unknown[], path: string): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) parts.push(canonicalJson(items[i], `${path}[${i}]`));
  return `[${parts.join(',')}]`;
}

function canonicalObject(value: object, path: string): string {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new AuditError(`${path}: ${proto?.constructor?.name ?? 'object'} is not a plain JSON object`);
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is what RFC 8785 prescribes.
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const item = record[key];
    // An absent and an undefined property mean the same thing to every JSON reader.
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(item, `${path}.${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Documents are plain JSON-like values with JS numbers; CEL wants `int` for integral numbers
 * (so `object.port + 1 == 23` works) and rejects `undefined`. Conversion happens once per
 * value object: results are cached by identity, so every rule sees the same converted tree.
 */
const cache = new WeakMap<object, unknown>();

export function toCel(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? BigInt(value) : value;
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
  const hit = cache.get(value);
  if (hit !== undefined) return hit;
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map(toCel);
  } else if (value instanceof Date || value instanceof Uint8Array) {
    out = value;
  } else if (value instanceof Map) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of value) if (v !== undefined) obj[String(k)] = toCel(v);
    out = obj;
  } else {
    const obj: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) obj[key] = toCel(v);
    }
    out = obj;
  }
  cache.set(value, out);
  return out;
}

/** CEL values back to JSON-friendly JS (BigInt → number), for messages and paths. */
export function celToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/**
 * Conversions between the conformance suite's JSON `cel.expr.Value` and cel-js values, plus a
 * comparison that follows CEL equality for the result kinds the suite uses (NaN == NaN here,
 * because the suite expects a NaN *result*, not CEL `==`).
 */
export type JsonValue = Record<string, unknown>;

export class Unsupported extends Error {}

export function fromJsonValue(v: JsonValue): unknown {
  if ('nullValue' in v) return null;
  if ('boolValue' in v) return v.boolValue === true;
  if ('int64Value' in v) return BigInt(String(v.int64Value));
  if ('stringValue' in v) return String(v.stringValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('bytesValue' in v) return new Uint8Array(Buffer.from(String(v.bytesValue), 'base64'));
  if ('listValue' in v)
    return (((v.listValue as JsonValue).values as JsonValue[] | undefined) ?? []).map(fromJsonValue);
  if ('mapValue' in v) {
    const entries =
      ((v.mapValue as JsonValue).entries as { key: JsonValue; value: JsonValue }[] | undefined) ?? [];
    const map = new Map<unknown, unknown>();
    for (const e of entries) map.set(fromJsonValue(e.key), fromJsonValue(e.value));
    return map;
  }
  throw new Unsupported(`value kind ${Object.keys(v).join(',')}`);
}

function isUint(x: unknown): x is { valueOf(): bigint } {
  return typeof x === 'object' && x !== null && x.constructor?.name === 'UnsignedInt';
}

/** True when cel-js produced `actual` for an expected `cel.expr.Value`. */
export function matchesExpected(actual: unknown, expected: JsonValue): boolean {
  if ('uint64Value' in expected)
    return isUint(actual) && actual.valueOf() === BigInt(String(expected.uint64Value));
  if ('typeValue' in expected) return typeName(actual) === expected.typeValue;
  if ('doubleValue' in expected) {
    const want = Number(expected.doubleValue);
    return (
      typeof actual === 'number' &&
      (Number.isNaN(want) ? Number.isNaN(actual) : Object.is(actual, want) || actual === want)
    );
  }
  if ('listValue' in expected) {
    const items = ((expected.listValue as JsonValue).values as JsonValue[] | undefined) ?? [];
    return (
      Array.isArray(actual) &&
      actual.length === items.length &&
      items.every((e, i) => matchesExpected(actual[i], e))
    );
  }
  if ('mapValue' in expected) {
    const entries =
      ((expected.mapValue as JsonValue).entries as { key: JsonValue; value: JsonValue }[] | undefined) ?? [];
    const map = toMap(actual);
    if (!map || map.size !== entries.length) return false;
    return entries.every((e) => {
      const key = fromJsonValue(e.key);
      for (const [k, v] of map) if (sameKey(k, key)) return matchesExpected(v, e.value);
      return false;
    });
  }
  const want = fromJsonValue(expected);
  if (want instanceof Uint8Array)
    return actual instanceof Uint8Array && Buffer.from(actual).equals(Buffer.from(want));
  return actual === want;
}

function sameKey(a: unknown, b: unknown): boolean {
  if (isUint(a)) return typeof b === 'bigint' && a.valueOf() === b;
  return a === b;
}

function toMap(x: unknown): Map<unknown, unknown> | undefined {
  if (x instanceof Map) return x;
  if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype)
    return new Map(Object.entries(x));
  return undefined;
}

function typeName(x: unknown): string {
  const t = x as { name?: unknown; toString(): string } | null;
  if (t && typeof t === 'object' && typeof t.name === 'string') return t.name;
  return String(x);
}

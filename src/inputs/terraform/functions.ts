import { isList, isMap, makeMap, toStringValue, type Value, type ValueMap, valuesEqual } from './values.ts';

/**
 * The few Terraform built-in functions we evaluate when every argument is known. Each returns
 * `undefined` when Terraform would produce an error or a value we cannot reproduce exactly;
 * the caller then treats the call as unknown. Arguments never contain Unknown.
 */
type Fn = (args: readonly Value[]) => Value | undefined;

const str = (v: Value | undefined): v is string => typeof v === 'string';

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  lower: ([s, ...rest]) => (str(s) && rest.length === 0 ? s.toLowerCase() : undefined),
  upper: ([s, ...rest]) => (str(s) && rest.length === 0 ? s.toUpperCase() : undefined),
  trimspace: ([s, ...rest]) => (str(s) && rest.length === 0 ? s.trim() : undefined),
  tostring: ([v, ...rest]) =>
    rest.length > 0 ? undefined : v === null ? null : v === undefined ? undefined : toStringValue(v),
  tonumber: ([v, ...rest]) => {
    if (rest.length > 0) return undefined;
    if (v === null || typeof v === 'number') return v;
    if (str(v) && /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(v)) return Number(v);
    return undefined;
  },
  tobool: ([v, ...rest]) => {
    if (rest.length > 0) return undefined;
    if (v === null || typeof v === 'boolean') return v;
    return v === 'true' ? true : v === 'false' ? false : undefined;
  },
  tolist: ([v, ...rest]) => (rest.length === 0 && v !== undefined && isList(v) ? v : undefined),
  toset: ([v, ...rest]) => (rest.length === 0 && v !== undefined && isList(v) ? toSet(v) : undefined),
  concat: (args) =>
    args.every((a) => isList(a)) ? (args as readonly (readonly Value[])[]).flat() : undefined,
  merge: (args) => {
    // Terraform skips null arguments.
    const maps = args.filter((a) => a !== null);
    if (!maps.every(isMap)) return undefined;
    return makeMap((maps as ValueMap[]).flatMap((m) => Object.entries(m)));
  },
  length: ([v, ...rest]) => {
    if (rest.length > 0 || v === undefined) return undefined;
    if (str(v)) return [...new Intl.Segmenter().segment(v)].length;
    if (isList(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    return undefined;
  },
  join: ([sep, ...lists]) => {
    if (!str(sep) || lists.length === 0 || !lists.every((l) => isList(l))) return undefined;
    const items = (lists as readonly (readonly Value[])[]).flat().map((item) => toStringValue(item));
    return items.every((i) => i !== undefined) ? items.join(sep) : undefined;
  },
  split: ([sep, s, ...rest]) =>
    str(sep) && sep !== '' && str(s) && rest.length === 0 ? s.split(sep) : undefined,
  contains: ([list, value, ...rest]) =>
    rest.length === 0 && list !== undefined && isList(list) && value !== undefined
      ? list.some((item) => valuesEqual(item, value))
      : undefined,
  lookup: ([map, key, fallback, ...rest]) => {
    if (rest.length > 0 || map === undefined || !isMap(map) || !str(key)) return undefined;
    if (Object.hasOwn(map, key)) return map[key] as Value;
    return fallback;
  },
  keys: ([map, ...rest]) =>
    rest.length === 0 && map !== undefined && isMap(map) ? Object.keys(map).sort(compareStrings) : undefined,
  values: ([map, ...rest]) =>
    rest.length === 0 && map !== undefined && isMap(map)
      ? Object.keys(map)
          .sort(compareStrings)
          .map((k) => map[k] as Value)
      : undefined,
  flatten: ([list, ...rest]) =>
    rest.length === 0 && list !== undefined && isList(list) ? flatten(list) : undefined,
  distinct: ([list, ...rest]) => {
    if (rest.length > 0 || list === undefined || !isList(list)) return undefined;
    const out: Value[] = [];
    for (const item of list) if (!out.some((o) => valuesEqual(o, item))) out.push(item);
    return out;
  },
  jsonencode: ([v, ...rest]) => (rest.length === 0 && v !== undefined ? jsonEncode(v) : undefined),
  jsondecode: ([s, ...rest]) => {
    if (rest.length > 0 || !str(s)) return undefined;
    try {
      return JSON.parse(s) as Value;
    } catch {
      return undefined;
    }
  },
  base64encode: ([s, ...rest]) =>
    str(s) && rest.length === 0 ? Buffer.from(s, 'utf8').toString('base64') : undefined,
};

/** Evaluates `name(args)`; undefined when the function is not one we evaluate or fails. */
export function callFunction(name: string, args: readonly Value[]): Value | undefined {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  return fn ? fn(args) : undefined;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sets of strings iterate in lexical order, sets of numbers in numeric order; mixed sets we leave unknown. */
function toSet(list: readonly Value[]): Value[] | undefined {
  if (list.every(str)) return [...new Set(list)].sort(compareStrings);
  if (list.every((v) => typeof v === 'number')) return [...new Set(list as number[])].sort((a, b) => a - b);
  return undefined;
}

function flatten(list: readonly Value[]): Value[] {
  return list.flatMap((item) => (isList(item) ? flatten(item) : [item]));
}

/** Terraform's jsonencode: compact, object keys sorted, `<`, `>`, `&`, U+2028/9 escaped. */
export function jsonEncode(value: Value): string | undefined {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    const text = JSON.stringify(value);
    return /e/i.test(text) ? undefined : text;
  }
  if (typeof value === 'string') return escapeHtml(JSON.stringify(value));
  if (isList(value)) {
    const items = value.map(jsonEncode);
    return items.every((i) => i !== undefined) ? `[${items.join(',')}]` : undefined;
  }
  if (isMap(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort(compareStrings)) {
      const encoded = jsonEncode(value[key] as Value);
      if (encoded === undefined) return undefined;
      parts.push(`${escapeHtml(JSON.stringify(key))}:${encoded}`);
    }
    return `{${parts.join(',')}}`;
  }
  return undefined;
}

function escapeHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

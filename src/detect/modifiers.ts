/**
 * One detection item (`Field|mod|mod: value(s)`) → a match node. Implements every modifier in
 * the Sigma v2.1 modifiers appendix. A rule the engine cannot honour is rejected with a reason
 * (errors as values), never loaded as a rule that silently never matches.
 */
import { parseCidr } from './cidr.ts';
import { base64, base64Offsets, bytesToLatin1, utf16be, utf16bom, utf16le } from './encoding.ts';
import { compileMulti } from './multi-match.ts';
import type { CompareOp, MatchNode, ValueTest } from './nodes.ts';
import { compileRegex } from './regex.ts';
import { compileMatcher } from './string-match.ts';
import { TIME_PARTS, type TimePart } from './time-parts.ts';
import type { RejectionCode } from './types.ts';
import { ANY_RUN, hasWildcard, lowerPieces, type Piece, parseWildcards, piecesToPlain } from './wildcard.ts';

export const MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  'all',
  'exists',
  'cased',
  'neq',
  'windash',
  're',
  'i',
  'm',
  's',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'lt',
  'lte',
  'gt',
  'gte',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
  'cidr',
  'expand',
  'fieldref',
] as const;
export type Modifier = (typeof MODIFIERS)[number];

export interface ItemOptions {
  /** Values for `expand` placeholders (`%name%` → list); a missing name rejects the rule. */
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
  /** How keyword values without position modifiers match: as substrings (default) or whole values. */
  readonly keywordMatch: 'contains' | 'exact';
}

export interface ItemRejection {
  readonly code: RejectionCode;
  readonly reason: string;
}
export type ItemResult = { readonly node: MatchNode } | { readonly reject: ItemRejection };

const DASHES = /[\u2013\u2014\u2015/]/g;
/** windash: all of -, /, en dash, em dash, horizontal bar are one character class (spec appendix). */
export const normalizeDashes = (s: string): string => s.replace(DASHES, '-');

const reject = (code: RejectionCode, reason: string): ItemResult => ({ reject: { code, reason } });
const TRANSFORMS = new Set<Modifier>(['base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide']);
const COMPARES = new Set<Modifier>(['lt', 'lte', 'gt', 'gte']);

/**
 * @param field field name, or null for a keyword (unbound) search
 * @param label how reasons name this item, e.g. `selection: CommandLine|contains`
 */
export function compileItem(
  field: string | null,
  mods: readonly string[],
  raw: unknown,
  label: string,
  options: ItemOptions,
): ItemResult {
  for (const m of mods) {
    if (!(MODIFIERS as readonly string[]).includes(m))
      return reject('modifier', `${label}: unknown modifier '${m}'`);
  }
  const has = (m: Modifier): boolean => mods.includes(m);
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (list.length === 0) return reject('value', `${label}: empty value list`);
  if (Array.isArray(raw) && list.some((v) => v === null) && list.length > 1) {
    return reject('value', `${label}: null cannot be an item of a list`);
  }
  if (list.some((v) => v !== null && typeof v === 'object')) {
    return reject('value', `${label}: values must be scalars, not maps or nested lists`);
  }
  if (has('all') && list.length < 2)
    return reject('modifier', `${label}: 'all' needs a list of at least two values`);
  for (const sub of ['i', 'm', 's'] as const) {
    if (has(sub) && !has('re')) return reject('modifier', `${label}: '${sub}' is a sub-modifier of 're'`);
  }
  const all = has('all');
  const neq = has('neq');

  if (has('exists')) {
    if (field === null) return reject('modifier', `${label}: 'exists' needs a field`);
    if (mods.length > 1 || typeof raw !== 'boolean')
      return reject('value', `${label}: 'exists' takes true or false alone`);
    return { node: Object.freeze({ kind: 'exists', field, present: raw }) };
  }
  if (list.length === 1 && list[0] === null) {
    if (field === null) return reject('value', `${label}: a keyword cannot be null`);
    if (mods.length > 0) return reject('modifier', `${label}: null takes no modifiers`);
    return { node: Object.freeze({ kind: 'null', field }) };
  }
  const test = buildTest(mods, list, label, field === null, options);
  if ('code' in test) return { reject: test };
  if (field === null) {
    if (neq || (test.kind !== 'string' && test.kind !== 'regex')) {
      return reject('modifier', `${label}: keyword searches take only string or regex modifiers`);
    }
    return { node: Object.freeze({ kind: 'keyword', test, all }) };
  }
  return { node: Object.freeze({ kind: 'field', field, test, all, neq }) };
}

function buildTest(
  mods: readonly string[],
  list: readonly unknown[],
  label: string,
  keyword: boolean,
  options: ItemOptions,
): ValueTest | ItemRejection {
  const has = (m: Modifier): boolean => mods.includes(m);
  const bad = (code: RejectionCode, reason: string): ItemRejection => ({
    code,
    reason: `${label}: ${reason}`,
  });
  const only = (allowed: readonly Modifier[]): string | undefined =>
    mods.find((m) => !(allowed as readonly string[]).includes(m));
  const compareOps = mods.filter((m) => COMPARES.has(m as Modifier)) as CompareOp[];
  if (compareOps.length > 1) return bad('modifier', `only one of lt/lte/gt/gte may be used`);
  const op: CompareOp = compareOps[0] ?? 'eq';
  const timeParts = mods.filter((m) => (TIME_PARTS as readonly string[]).includes(m)) as TimePart[];

  if (has('re')) {
    const extra = only(['re', 'i', 'm', 's', 'all', 'neq']);
    if (extra) return bad('modifier', `'re' cannot be combined with '${extra}'`);
    const regexes = [];
    for (const v of list) {
      const r = compileRegex(String(v), { i: has('i'), m: has('m'), s: has('s') });
      if (typeof r === 'string') return bad('regex', r);
      regexes.push(r);
    }
    return Object.freeze({ kind: 'regex', regexes });
  }
  if (has('cidr')) {
    const extra = only(['cidr', 'all', 'neq']);
    if (extra) return bad('modifier', `'cidr' cannot be combined with '${extra}'`);
    const ranges = [];
    for (const v of list) {
      const c = parseCidr(String(v));
      if (!c) return bad('value', `'${String(v)}' is not an IPv4/IPv6 CIDR range`);
      ranges.push(c);
    }
    return Object.freeze({ kind: 'cidr', ranges });
  }
  if (timeParts.length > 0 || compareOps.length > 0) {
    if (timeParts.length > 1) return bad('modifier', `only one time part modifier may be used`);
    const extra = only(['lt', 'lte', 'gt', 'gte', 'all', 'neq', ...TIME_PARTS]);
    if (extra) return bad('modifier', `'${extra}' cannot be combined with numeric or time modifiers`);
    const values: number[] = [];
    for (const v of list) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) return bad('value', `'${String(v)}' is not a number`);
      values.push(n);
    }
    const part = timeParts[0];
    return part
      ? Object.freeze({ kind: 'time', part, op, values })
      : Object.freeze({ kind: 'compare', op, values });
  }
  if (has('fieldref')) {
    const extra = only(['fieldref', 'all', 'neq', 'cased', 'contains', 'startswith', 'endswith']);
    if (extra) return bad('modifier', `'fieldref' cannot be combined with '${extra}'`);
    if (keyword) return bad('modifier', `'fieldref' needs a field`);
    const mode = has('contains')
      ? 'contains'
      : has('startswith')
        ? 'prefix'
        : has('endswith')
          ? 'suffix'
          : 'eq';
    return Object.freeze({ kind: 'fieldref', fields: list.map(String), mode, cased: has('cased') });
  }
  const positions = mods.filter((m) => m === 'contains' || m === 'startswith' || m === 'endswith');
  if (positions.length > 1) return bad('modifier', `only one of contains/startswith/endswith may be used`);

  // Plain strings: expand placeholders, run the encoding chain in modifier order, then wildcards.
  let texts: string[] = list.map((v) => (typeof v === 'string' ? v : String(v)));
  if (has('expand')) {
    const expanded: string[] = [];
    for (const t of texts) {
      const r = expandPlaceholders(t, options.placeholders);
      if (typeof r === 'string') return bad('expand', r);
      expanded.push(...r);
    }
    texts = expanded;
  }
  const chain = mods.filter((m) => TRANSFORMS.has(m as Modifier));
  let pieceLists: Piece[][];
  if (chain.length > 0) {
    pieceLists = [];
    for (const t of texts) {
      const pieces = parseWildcards(t);
      if (hasWildcard(pieces))
        return bad('value', `wildcards cannot be encoded by '${chain.join('|')}' in '${t}'`);
      const encoded = encodeChain(piecesToPlain(pieces), chain);
      for (const e of encoded) pieceLists.push([e]);
    }
  } else pieceLists = texts.map(parseWildcards);

  const position = positions[0] ?? (keyword && options.keywordMatch === 'contains' ? 'contains' : undefined);
  const windash = has('windash');
  const cased = has('cased');
  const matchers = pieceLists.map((pieces) => {
    let p: Piece[] = pieces;
    if (position === 'contains' || position === 'endswith') p = [ANY_RUN, ...p];
    if (position === 'contains' || position === 'startswith') p = [...p, ANY_RUN];
    p = p.filter((x, i) => !(x === ANY_RUN && p[i - 1] === ANY_RUN));
    if (windash) p = p.map((x) => (typeof x === 'string' ? normalizeDashes(x) : x));
    if (!cased) p = lowerPieces(p);
    return compileMatcher(p);
  });
  // Case-insensitive lists only: the automaton folds ASCII case.
  const multi = cased ? undefined : compileMulti(matchers);
  return Object.freeze({ kind: 'string', matchers, cased, windash, multi });
}

function encodeChain(plain: string, chain: readonly string[]): string[] {
  let values: Uint8Array[] = [new TextEncoder().encode(plain)];
  let encoded = false;
  for (const step of chain) {
    if (step === 'base64') {
      values = values.map((b) => new TextEncoder().encode(base64(b)));
      encoded = true;
    } else if (step === 'base64offset') {
      values = values.flatMap((b) => base64Offsets(b).map((s) => new TextEncoder().encode(s)));
      encoded = true;
    } else if (step === 'utf16be') values = values.map(utf16be);
    else if (step === 'utf16') values = values.map(utf16bom);
    else values = values.map(utf16le); // utf16le and its alias wide
  }
  return values.map((b) => (encoded ? new TextDecoder().decode(b) : bytesToLatin1(b)));
}

/** `%name%` placeholders → every combination of configured values; `\%` keeps a literal percent. */
function expandPlaceholders(
  text: string,
  values: Readonly<Record<string, readonly string[]>>,
): string[] | string {
  let results = [''];
  const re = /\\%|%([^%\s]+)%|[^%\\]+|./gs;
  for (const m of text.matchAll(re)) {
    const name = m[1];
    if (m[0] === '\\%') results = results.map((r) => `${r}%`);
    else if (name === undefined) results = results.map((r) => r + m[0]);
    else {
      const options = values[name];
      if (!options || options.length === 0) return `placeholder %${name}% has no configured values (expand)`;
      results = results.flatMap((r) => options.map((o) => r + o));
      if (results.length > 10_000) return `placeholder expansion of '${text}' exceeds 10,000 values`;
    }
  }
  return results;
}

/**
 * A `detection:` map (or a filter's `filter:` map) → one match node: each search identifier is
 * compiled (maps AND, lists OR, plain values are keywords), then the condition refers to them.
 */
import { type ConditionNode, parseCondition, selectIdentifiers } from './condition.ts';
import { compileItem, type ItemOptions, type ItemRejection } from './modifiers.ts';
import { and, atLeast, type MatchNode, not, or } from './nodes.ts';

/** Keys of a detection map that are not search identifiers. */
const RESERVED = new Set(['condition', 'timeframe']);

export type DetectionResult =
  | { readonly node: MatchNode }
  | { readonly reject: ItemRejection; readonly identifier?: string };

export function compileDetection(detection: Record<string, unknown>, options: ItemOptions): DetectionResult {
  const names = Object.keys(detection).filter((k) => !RESERVED.has(k));
  const compiled = new Map<string, MatchNode>();
  for (const name of names) {
    const r = compileSearch(name, detection[name], options);
    if ('reject' in r) return { reject: r.reject, identifier: name };
    compiled.set(name, r.node);
  }
  const cond = detection.condition;
  const texts = typeof cond === 'string' ? [cond] : Array.isArray(cond) ? cond : undefined;
  if (!texts || texts.length === 0 || texts.some((t) => typeof t !== 'string')) {
    return { reject: { code: 'shape', reason: 'detection.condition must be a string or a list of strings' } };
  }
  const roots: MatchNode[] = [];
  for (const text of texts as string[]) {
    const ast = parseCondition(text);
    if (typeof ast === 'string')
      return { reject: { code: 'condition', reason: `condition '${text}': ${ast}` } };
    const node = resolve(ast, compiled, names);
    if (typeof node === 'string')
      return { reject: { code: 'condition', reason: `condition '${text}': ${node}` } };
    roots.push(node);
  }
  // A list of conditions is an OR (spec §Condition).
  return { node: or(roots) };
}

function compileSearch(
  name: string,
  def: unknown,
  options: ItemOptions,
): { node: MatchNode } | { reject: ItemRejection } {
  if (def === null || def === undefined)
    return { reject: { code: 'shape', reason: `search identifier '${name}' is empty` } };
  if (Array.isArray(def)) {
    if (def.length === 0)
      return { reject: { code: 'shape', reason: `search identifier '${name}' is an empty list` } };
    const maps = def.filter((d) => d !== null && typeof d === 'object' && !Array.isArray(d));
    const scalars = def.filter((d) => d === null || typeof d !== 'object');
    if (maps.length + scalars.length !== def.length) {
      return {
        reject: { code: 'shape', reason: `search identifier '${name}': nested lists are not allowed` },
      };
    }
    const children: MatchNode[] = [];
    for (const m of maps) {
      const r = compileMap(name, m as Record<string, unknown>, options);
      if ('reject' in r) return r;
      children.push(r.node);
    }
    if (scalars.length > 0) {
      // A plain list of values is an OR of keywords (spec §Lists).
      const r = compileItem(null, [], scalars, `${name}`, options);
      if ('reject' in r) return r;
      children.push(r.node);
    }
    return { node: or(children) };
  }
  if (typeof def === 'object') return compileMap(name, def as Record<string, unknown>, options);
  return compileItem(null, [], def, name, options);
}

function compileMap(
  name: string,
  map: Record<string, unknown>,
  options: ItemOptions,
): { node: MatchNode } | { reject: ItemRejection } {
  const keys = Object.keys(map);
  if (keys.length === 0)
    return { reject: { code: 'shape', reason: `search identifier '${name}' has an empty map` } };
  const children: MatchNode[] = [];
  for (const key of keys) {
    const [field = '', ...mods] = key.split('|');
    // `'|all': [...]` or `'|re': ...`: a keyword search with modifiers.
    const r = compileItem(field === '' ? null : field, mods, map[key], `${name}: ${key}`, options);
    if ('reject' in r) return r;
    children.push(r.node);
  }
  return { node: and(children) };
}

function resolve(
  ast: ConditionNode,
  compiled: ReadonlyMap<string, MatchNode>,
  names: readonly string[],
): MatchNode | string {
  switch (ast.kind) {
    case 'ref': {
      const node = compiled.get(ast.name);
      return node ?? `unknown search identifier '${ast.name}'`;
    }
    case 'and':
    case 'or': {
      const children: MatchNode[] = [];
      for (const c of ast.children) {
        const n = resolve(c, compiled, names);
        if (typeof n === 'string') return n;
        children.push(n);
      }
      return ast.kind === 'and' ? and(children) : or(children);
    }
    case 'not': {
      const n = resolve(ast.child, compiled, names);
      return typeof n === 'string' ? n : not(n);
    }
    case 'of': {
      const selected = selectIdentifiers(ast.target, ast.them, names);
      if (selected.length === 0) return `'${ast.target}' matches no search identifier`;
      const nodes = selected.map((n) => compiled.get(n) as MatchNode);
      if (ast.quantity === 'all') return and(nodes);
      if (ast.quantity === 1) return or(nodes);
      return atLeast(ast.quantity, nodes);
    }
  }
}

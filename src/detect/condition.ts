/**
 * Sigma condition grammar (spec §Condition): `and`, `or`, `not`, parentheses, `1 of x*`,
 * `all of x*`, `any of x*`, `N of x`, `them`. Precedence: or < and < not < `x of` < parentheses.
 * Parsing returns an immutable AST or an error string; it never throws and is bounded in depth.
 */

export type ConditionNode =
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'and'; readonly children: readonly ConditionNode[] }
  | { readonly kind: 'or'; readonly children: readonly ConditionNode[] }
  | { readonly kind: 'not'; readonly child: ConditionNode }
  /** `quantity`: 'all', or a minimum count (`1 of` / `any of` = 1). `target`: a name/glob or 'them'. */
  | {
      readonly kind: 'of';
      readonly quantity: 'all' | number;
      readonly target: string;
      readonly them: boolean;
    };

const MAX_DEPTH = 200;
const MAX_TOKENS = 10_000;

type Token = { readonly kind: 'lp' | 'rp' | 'pipe' } | { readonly kind: 'word'; readonly text: string };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|(\|)|([^\s()|]+))/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    m = re.exec(text);
    if (!m || m[0].length === 0) break;
    pos = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'lp' });
    else if (m[2]) tokens.push({ kind: 'rp' });
    else if (m[3]) tokens.push({ kind: 'pipe' });
    else if (m[4]) tokens.push({ kind: 'word', text: m[4] });
    if (tokens.length > MAX_TOKENS) return `condition has more than ${MAX_TOKENS} tokens`;
  }
  if (text.slice(pos).trim() !== '') return `unexpected text at offset ${pos}`;
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', 'all', 'any']);

export function parseCondition(text: string): ConditionNode | string {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return tokens;
  if (tokens.length === 0) return 'condition is empty';
  if (tokens.some((t) => t.kind === 'pipe')) {
    return "aggregation after '|' (count, near) is Sigma v1 syntax; use a correlation rule";
  }
  let i = 0;
  const word = (t: Token | undefined): string | undefined =>
    t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  const isWord = (w: string): boolean => word(tokens[i]) === w;

  const parseOr = (depth: number): ConditionNode | string => {
    const first = parseAnd(depth);
    if (typeof first === 'string') return first;
    const children = [first];
    while (isWord('or')) {
      i++;
      const next = parseAnd(depth);
      if (typeof next === 'string') return next;
      children.push(next);
    }
    return children.length === 1 ? first : Object.freeze({ kind: 'or', children: Object.freeze(children) });
  };
  const parseAnd = (depth: number): ConditionNode | string => {
    const first = parseNot(depth);
    if (typeof first === 'string') return first;
    const children = [first];
    while (isWord('and')) {
      i++;
      const next = parseNot(depth);
      if (typeof next === 'string') return next;
      children.push(next);
    }
    return children.length === 1 ? first : Object.freeze({ kind: 'and', children: Object.freeze(children) });
  };
  const parseNot = (depth: number): ConditionNode | string => {
    if (depth > MAX_DEPTH) return `condition nests deeper than ${MAX_DEPTH}`;
    if (isWord('not')) {
      i++;
      const child = parseNot(depth + 1);
      return typeof child === 'string' ? child : Object.freeze({ kind: 'not', child });
    }
    return parsePrimary(depth);
  };
  const parsePrimary = (depth: number): ConditionNode | string => {
    const t = tokens[i];
    if (!t) return 'condition ends where an identifier was expected';
    if (t.kind === 'lp') {
      i++;
      const inner = parseOr(depth + 1);
      if (typeof inner === 'string') return inner;
      if (tokens[i]?.kind !== 'rp') return "missing ')'";
      i++;
      return inner;
    }
    if (t.kind !== 'word') return `unexpected '${t.kind === 'rp' ? ')' : '|'}'`;
    const w = t.text.toLowerCase();
    const quantity = w === 'all' ? 'all' : w === 'any' ? 1 : /^\d+$/.test(w) ? Number(w) : undefined;
    if (quantity !== undefined && word(tokens[i + 1]) === 'of') {
      const target = tokens[i + 2];
      if (target?.kind !== 'word') return `'${t.text} of' needs an identifier pattern or 'them'`;
      if (quantity === 0) return "'0 of' can never be meaningful";
      i += 3;
      const them = target.text.toLowerCase() === 'them';
      return Object.freeze({ kind: 'of', quantity, target: target.text, them });
    }
    if (KEYWORDS.has(w)) return `unexpected keyword '${t.text}'`;
    i++;
    return Object.freeze({ kind: 'ref', name: t.text });
  };

  const root = parseOr(0);
  if (typeof root === 'string') return root;
  if (i < tokens.length) {
    const t = tokens[i] as Token;
    return `unexpected ${t.kind === 'word' ? `'${t.text}'` : t.kind === 'rp' ? "')'" : "'|'"} after a complete condition`;
  }
  return root;
}

/** Identifier names a `x of` target selects: `*` is the only wildcard; `them` skips `_` names. */
export function selectIdentifiers(target: string, them: boolean, names: readonly string[]): string[] {
  if (them) return names.filter((n) => !n.startsWith('_'));
  if (!target.includes('*')) return names.filter((n) => n === target);
  const parts = target.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${parts.join('.*')}$`, 's');
  return names.filter((n) => re.test(n));
}

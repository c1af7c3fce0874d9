/**
 * Which outside names an expression reads: free identifiers (macro and cel.bind variables
 * excluded) and which `variables.<name>` it uses. The engine uses this to compute variables
 * that depend only on `documents` (or nothing) once per run instead of once per document,
 * which turns cross-document rules from O(n²) into O(n).
 */
export interface FreeVariables {
  readonly identifiers: ReadonlySet<string>;
  /** Names read as `variables.x` / `variables.?x`; 'all' when `variables` is used any other way. */
  readonly variableRefs: ReadonlySet<string> | 'all';
  /** Names read as `aggregates.x` / `aggregates.?x`; 'all' when `aggregates` is used any other way. */
  readonly aggregateRefs: ReadonlySet<string> | 'all';
}

/** The two rule maps whose field names are checked against the rule's declarations. */
const NAMED_MAPS = ['variables', 'aggregates'] as const;

interface AstNode {
  readonly op: string;
  readonly args: unknown;
}

const MACROS = new Set([
  'all',
  'exists',
  'exists_one',
  'existsOne',
  'map',
  'filter',
  'sortBy',
  'transformList',
  'transformMap',
]);

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}

export function freeVariables(ast: unknown): FreeVariables {
  const identifiers = new Set<string>();
  const refs = { variables: new Set<string>(), aggregates: new Set<string>() };
  const allRefs = { variables: false, aggregates: false };

  const visit = (node: unknown, bound: ReadonlySet<string>): void => {
    if (!isNode(node)) return;
    const { op, args } = node;
    if (op === 'id') {
      if (typeof args === 'string' && !bound.has(args)) {
        identifiers.add(args);
        if (args === 'variables' || args === 'aggregates') allRefs[args] = true;
      }
      return;
    }
    if ((op === '.' || op === '.?') && Array.isArray(args)) {
      const [target, field] = args as [unknown, unknown];
      for (const map of NAMED_MAPS) {
        if (isNode(target) && target.op === 'id' && target.args === map && !bound.has(map)) {
          identifiers.add(map);
          if (typeof field === 'string') refs[map].add(field);
          return;
        }
      }
      visit(target, bound);
      return;
    }
    if (op === 'rcall' && Array.isArray(args)) {
      const [name, receiver, callArgs] = args as [unknown, unknown, unknown];
      const list = Array.isArray(callArgs) ? (callArgs as unknown[]) : [];
      const first = list[0];
      const binds = isNode(first) && first.op === 'id' && typeof first.args === 'string';
      // cel.bind(x, init, body): `cel` is a namespace, x is bound in body only.
      if (name === 'bind' && isNode(receiver) && receiver.op === 'id' && receiver.args === 'cel' && binds) {
        visit(list[1], bound);
        visit(list[2], new Set([...bound, first.args as string]));
        return;
      }
      visit(receiver, bound);
      if (typeof name === 'string' && MACROS.has(name) && binds) {
        const inner = new Set([...bound, first.args as string]);
        for (const a of list.slice(1)) visit(a, inner);
        return;
      }
      for (const a of list) visit(a, bound);
      return;
    }
    if (op === 'value') return;
    if (Array.isArray(args)) {
      for (const a of args) {
        if (Array.isArray(a)) for (const b of a) visit(b, bound);
        else visit(a, bound);
      }
    } else visit(args, bound);
  };
  visit(ast, new Set());
  return {
    identifiers,
    variableRefs: allRefs.variables ? 'all' : refs.variables,
    aggregateRefs: allRefs.aggregates ? 'all' : refs.aggregates,
  };
}

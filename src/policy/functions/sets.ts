import type { CelFunctionGroup } from './types.ts';

/**
 * Set helpers for cross-document rules. CEL `x in list` compares element by element, so a rule
 * that looks a document up in an aggregate of thousands of names is O(N) per document and O(N²)
 * per scan; `x in list.toSet()` is a hash lookup. The set is a CEL map from each element to true.
 */

/** The scalar elements of a list (strings, ints, bools) as a map to `true`; others are skipped, a non-list gives `{}`. */
export function toSet(value: unknown): Map<unknown, boolean> {
  const out = new Map<unknown, boolean>();
  if (!Array.isArray(value)) return out;
  for (const item of value) if (isKey(item)) out.set(item, true);
  return out;
}

export const setFunctions: CelFunctionGroup = {
  name: 'sets',
  functions: [
    {
      signature: 'list.toSet(): map<dyn, bool>',
      description:
        'The list as a set (a map to `true`) for constant-time `in`; build it once in an aggregate (`documents.map(d, d.namespace).toSet()`), then test `variables.ns in aggregates.namespaces`. Strings, ints and bools are kept; other elements are skipped.',
      handler: (value: unknown) => toSet(value),
    },
  ],
};

/** CEL map keys: string, int (BigInt, compared by value in a Map) and bool. */
function isKey(value: unknown): value is string | bigint | boolean {
  return typeof value === 'string' || typeof value === 'bigint' || typeof value === 'boolean';
}

import type { CelFunctionGroup } from './types.ts';

/**
 * List helpers for rules that must point at one element of a nested list (a Dockerfile
 * instruction, a workflow step, a CloudFormation ingress rule): CEL macros give no index,
 * and a finding needs `stages[1].instructions[3]`, so rules iterate over indices instead.
 */

/** `[0, 1, …, n-1]` as CEL ints for a list; `[]` for null, maps and scalars (unknown is never a crash). */
export function listIndices(value: unknown): bigint[] {
  if (!Array.isArray(value)) return [];
  return Array.from({ length: value.length }, (_, i) => BigInt(i));
}

/** One level of flattening (cel-go `lists` extension semantics); non-list elements are kept as-is. */
export function flattenOnce(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [];
  const out: unknown[] = [];
  for (const item of value) {
    if (Array.isArray(item)) out.push(...item);
    else out.push(item);
  }
  return out;
}

export const listFunctions: CelFunctionGroup = {
  name: 'lists',
  functions: [
    {
      signature: 'indices(dyn): list<int>',
      description:
        "Indices of a list (`indices(['a', 'b'])` → `[0, 1]`); `[]` when the value is null or not a list. Use with `map` to build field paths: `indices(object.stages).map(i, 'stages[' + string(i) + ']')`.",
      handler: (value: unknown) => listIndices(value),
    },
    {
      signature: 'list.flatten(): list',
      description: 'Flattens one level: `[[1], [2, 3]].flatten()` → `[1, 2, 3]` (as in cel-go `lists`).',
      handler: (value: unknown) => flattenOnce(value),
    },
  ],
};

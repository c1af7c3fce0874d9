import type { CelFunctionGroup } from './types.ts';

/**
 * Cross-document rules ask "which documents of kind K sit next to this one?" for every
 * document they check. Scanning `documents` in CEL for each of them is quadratic (a 709-file
 * Terraform repo: ~5,000 documents × hundreds of buckets per rule, seconds per rule), so the
 * answer comes from an index built once per `documents` list (the engine builds that list once
 * per run and hands the same array to every evaluation).
 */

type Index = Map<string, unknown[]>;
const indexes = new WeakMap<object, Index>();

/** `stacks/a/main.tf` → `stacks/a/`; `main.tf` → ``. The directory is the Terraform module. */
export function directoryOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}

function field(doc: unknown, name: string): string {
  if (doc === null || typeof doc !== 'object') return '';
  const value = (doc as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

function key(directory: string, kind: string): string {
  return `${directory}\u0000${kind}`;
}

function indexOf(list: readonly unknown[]): Index {
  let index = indexes.get(list);
  if (!index) {
    index = new Map();
    for (const doc of list) {
      const k = key(directoryOf(field(doc, 'file')), field(doc, 'kind'));
      const bucket = index.get(k);
      if (bucket) bucket.push(doc);
      else index.set(k, [doc]);
    }
    indexes.set(list, index);
  }
  return index;
}

/** Documents of `kind` whose file is in the same directory as `file`; [] for odd input. */
export function sameDirectory(list: unknown, file: unknown, kind: unknown): unknown[] {
  if (!Array.isArray(list) || typeof file !== 'string' || typeof kind !== 'string') return [];
  return indexOf(list).get(key(directoryOf(file), kind)) ?? [];
}

export const documentFunctions: CelFunctionGroup = {
  name: 'documents',
  functions: [
    {
      signature: 'sameDirectory(dyn, dyn, dyn): list',
      description:
        "Documents of a kind from files in the same directory (for Terraform: the same module): `sameDirectory(documents, document.file, 'aws_flow_log')`. Indexed once per `documents` list, so cross-document rules stay linear; `[]` for null or non-list input.",
      handler: (list: unknown, file: unknown, kind: unknown) => sameDirectory(list, file, kind),
    },
  ],
};

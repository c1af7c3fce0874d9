import type { SourceRange } from '../../core/location.ts';
import type { FieldPath, InputDocument, InputFile, InputParser, ParseResult } from '../document.ts';
import { loadJson } from '../json/index.ts';
import { appendPath } from '../path.ts';

/**
 * Terraform plan JSON (`terraform show -json plan.out`): one document per resource in
 * `planned_values` (root module and child modules, recursively). Attributes that will only be
 * known after apply (`resource_changes[].change.after_unknown`) are unknown, like HCL references.
 */
export const terraformPlanParser: InputParser = {
  type: 'terraform',

  accepts(file: InputFile): boolean {
    return isPlanJson(file);
  },

  parse(file: InputFile): ParseResult {
    return parsePlan(file);
  },
};

export function isPlanJson(file: InputFile): boolean {
  if (!file.path.endsWith('.json')) return false;
  const text = file.content;
  return (
    text.includes('"format_version"') &&
    (text.includes('"planned_values"') || text.includes('"resource_changes"'))
  );
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text standing for an after-apply value in `expressions` (the plan has no source expression). */
export const KNOWN_AFTER_APPLY = '(known after apply)';

export const MAX_PLAN_CHARS = 64 * 1024 * 1024;

export function parsePlan(file: InputFile): ParseResult {
  // Plans of large estates run to tens of megabytes, beyond the loader's default limit.
  const loaded = loadJson(file.path, file.content, { maxFileSize: MAX_PLAN_CHARS });
  if (loaded.value === undefined) return { documents: [], problems: loaded.problems };
  const plan = loaded.value;
  if (!isObject(plan) || typeof plan.format_version !== 'string') {
    return {
      documents: [],
      problems: [{ file: file.path, message: 'not a Terraform plan: format_version is missing' }],
    };
  }
  const unknownByAddress = new Map<string, unknown>();
  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  changes.forEach((change) => {
    if (isObject(change) && typeof change.address === 'string' && isObject(change.change)) {
      unknownByAddress.set(change.address, change.change.after_unknown);
    }
  });
  const documents: InputDocument[] = [];
  const planned = isObject(plan.planned_values) ? plan.planned_values : undefined;
  if (planned && isObject(planned.root_module)) {
    collectModule(
      planned.root_module,
      'planned_values.root_module',
      { file, loaded, unknownByAddress, documents },
      0,
    );
  } else {
    // Some plans carry only resource_changes: use each change's `after` state.
    changes.forEach((change, i) => {
      if (!isObject(change) || typeof change.type !== 'string') return;
      if (!isObject(change.change) || !isObject(change.change.after)) return;
      const at = `resource_changes[${i}]`;
      documents.push(
        planDocument(change, change.change.after, at, appendPath(appendPath(at, 'change'), 'after'), {
          file,
          loaded,
          unknownByAddress,
          documents,
        }),
      );
    });
  }
  return { documents, problems: [] };
}

interface Context {
  readonly file: InputFile;
  readonly loaded: { readonly positions: ReadonlyMap<FieldPath, SourceRange>; readonly range: SourceRange };
  readonly unknownByAddress: ReadonlyMap<string, unknown>;
  readonly documents: InputDocument[];
}

/** Child modules nest arbitrarily; the JSON loader already bounds nesting depth. */
function collectModule(module: Json, at: FieldPath, context: Context, depth: number): void {
  if (depth > 100) return;
  const resources = Array.isArray(module.resources) ? module.resources : [];
  resources.forEach((resource, i) => {
    if (!isObject(resource) || typeof resource.type !== 'string') return;
    const resourceAt = `${at}.resources[${i}]`;
    const values = isObject(resource.values) ? resource.values : {};
    context.documents.push(planDocument(resource, values, resourceAt, `${resourceAt}.values`, context));
  });
  const children = Array.isArray(module.child_modules) ? module.child_modules : [];
  children.forEach((child, i) => {
    if (isObject(child)) collectModule(child, `${at}.child_modules[${i}]`, context, depth + 1);
  });
}

function planDocument(
  resource: Json,
  values: Json,
  resourceAt: FieldPath,
  valuesAt: FieldPath,
  context: Context,
): InputDocument {
  const type = typeof resource.type === 'string' ? resource.type : '';
  const name = typeof resource.name === 'string' ? resource.name : '';
  const address = typeof resource.address === 'string' ? resource.address : `${type}.${name}`;
  const range = context.loaded.positions.get(resourceAt) ?? context.loaded.range;
  const positions = new Map<FieldPath, SourceRange>([['', range]]);
  const object = values;
  copyPositions(object, '', valuesAt, context.loaded.positions, positions, 0);
  const unknownPaths = new Set<FieldPath>();
  const expressions: Record<FieldPath, string> = {};
  markUnknown(object, context.unknownByAddress.get(address), '', unknownPaths, expressions, 0);
  return {
    type: 'terraform',
    file: context.file.path,
    kind: type,
    name,
    address,
    blockType: resource.mode === 'data' ? 'data' : 'resource',
    object,
    range,
    positions,
    unknownPaths,
    expressions,
    extras: {},
  };
}

/** Re-keys the loader's positions (paths from the file root) to paths inside `values`. */
function copyPositions(
  value: unknown,
  path: FieldPath,
  from: FieldPath,
  source: ReadonlyMap<FieldPath, SourceRange>,
  target: Map<FieldPath, SourceRange>,
  depth: number,
): void {
  if (depth > 200) return;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : isObject(value)
      ? Object.entries(value)
      : [];
  for (const [key, item] of entries) {
    const inner = appendPath(path, key);
    const outer = appendPath(from, key);
    const range = source.get(outer);
    if (range) target.set(inner, range);
    copyPositions(item, inner, outer, source, target, depth + 1);
  }
}

/**
 * `after_unknown` mirrors `values`: `true` marks an attribute (or list item) whose value is
 * only known after apply. Those are absent from `values`; we add them as null so rules see the key.
 */
function markUnknown(
  value: unknown,
  unknown: unknown,
  path: FieldPath,
  paths: Set<FieldPath>,
  expressions: Record<FieldPath, string>,
  depth: number,
): void {
  if (depth > 200) return;
  if (Array.isArray(unknown) && Array.isArray(value)) {
    unknown.forEach((flag, i) => {
      const at = appendPath(path, i);
      if (flag === true) {
        if (i < value.length) value[i] = null;
        paths.add(at);
        expressions[at] = KNOWN_AFTER_APPLY;
      } else markUnknown(value[i], flag, at, paths, expressions, depth + 1);
    });
  } else if (isObject(unknown) && isObject(value)) {
    for (const [key, flag] of Object.entries(unknown)) {
      const at = appendPath(path, key);
      if (flag === true) {
        Object.defineProperty(value, key, {
          value: null,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        paths.add(at);
        expressions[at] = KNOWN_AFTER_APPLY;
      } else markUnknown(value[key], flag, at, paths, expressions, depth + 1);
    }
  }
}

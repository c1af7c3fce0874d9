/**
 * Parse one pipeline file (pySigma's YAML form) strictly: every unknown key, unknown type or
 * wrong shape is a problem naming file:line and the field path, never silently ignored.
 * Pure and total: bad input returns problems, it never throws.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { compileDetection } from '../detection.ts';
import type { FieldMappingPipeline } from '../pipeline.ts';
import {
  type CondOp,
  type FieldCondition,
  type ItemCondition,
  type LogsourceCondition,
  type PipelineProblem,
  TRANSFORMATION_TYPES,
  type Transformation,
  type TransformationKind,
} from './types.ts';

export type PipelineLoad =
  | {
      readonly ok: true;
      readonly pipeline: FieldMappingPipeline;
      readonly warnings: readonly PipelineProblem[];
    }
  | { readonly ok: false; readonly problems: readonly PipelineProblem[] };

const MAX_PIPELINE_BYTES = 1_000_000;
const TOP_KEYS = new Set([
  'name',
  'priority',
  'transformations',
  'postprocessing',
  'finalizers',
  'vars',
  'allowed_backends',
]);
/** Keys pySigma uses for backend output only: accepted, ignored with a warning. */
const IGNORED_TOP = new Set(['postprocessing', 'finalizers', 'vars', 'allowed_backends']);
const COMMON_KEYS = [
  'id',
  'type',
  'rule_conditions',
  'rule_cond_op',
  'rule_cond_not',
  'field_name_conditions',
  'field_name_cond_op',
  'detection_item_conditions',
  'detection_item_cond_op',
];
const TYPE_KEYS: Readonly<Record<string, readonly string[]>> = {
  field_name_mapping: ['mapping'],
  field_name_prefix: ['prefix'],
  field_name_suffix: ['suffix'],
  add_condition: ['conditions', 'negated'],
  replace_string: ['regex', 'replacement'],
  drop_detection_item: [],
};

export function parsePipeline(file: string, text: string): PipelineLoad {
  const problems: PipelineProblem[] = [];
  const warnings: PipelineProblem[] = [];
  if (text.length > MAX_PIPELINE_BYTES)
    return {
      ok: false,
      problems: [{ file, line: 1, field: '', message: `file is larger than ${MAX_PIPELINE_BYTES} bytes` }],
    };
  const lines = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  let body: unknown;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      return {
        ok: false,
        problems: [
          {
            file,
            line: e?.linePos?.[0]?.line ?? 1,
            field: '',
            message: `YAML: ${e?.message.split('\n')[0]}`,
          },
        ],
      };
    }
    body = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      problems: [{ file, line: 1, field: '', message: `YAML: ${(error as Error).message}` }],
    };
  }
  const lineOf = (path: readonly (string | number)[]): number => {
    // The line of the deepest key (or list item) on the path that exists: a key's own line, not
    // its block value's; a missing key points at its parent.
    let node: unknown = doc.contents;
    let line = 1;
    const at = (r: unknown): void => {
      const range = (r as { range?: [number, number, number] } | null)?.range;
      if (range) line = lines.linePos(range[0]).line;
    };
    at(node);
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
        if (!pair) break;
        at(pair.key);
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        if (node === undefined) break;
        at(node);
      } else break;
    }
    return line;
  };
  const fieldName = (path: readonly (string | number)[]): string =>
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  const problem = (path: readonly (string | number)[], message: string): void => {
    problems.push({ file, line: lineOf(path), field: fieldName(path), message });
  };
  if (!isRecord(body)) {
    problem([], 'a pipeline must be a YAML map with name, priority and transformations');
    return { ok: false, problems };
  }
  for (const key of Object.keys(body)) {
    if (!TOP_KEYS.has(key)) problem([key], `unknown key '${key}' (expected name, priority, transformations)`);
    else if (IGNORED_TOP.has(key))
      warnings.push({
        file,
        line: lineOf([key]),
        field: key,
        message: `'${key}' only concerns query backends: ignored`,
      });
  }
  const name = body.name;
  if (typeof name !== 'string' || name.trim() === '') problem(['name'], 'name must be a non-empty string');
  const priority = body.priority ?? 0;
  if (typeof priority !== 'number' || !Number.isFinite(priority))
    problem(['priority'], 'priority must be a number');
  const list = body.transformations;
  const transformations: Transformation[] = [];
  if (!Array.isArray(list) || list.length === 0)
    problem(['transformations'], 'transformations must be a non-empty list');
  else {
    list.forEach((item, i) => {
      const t = parseTransformation(item, ['transformations', i], problem);
      if (t) transformations.push(t);
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    warnings,
    pipeline: Object.freeze({
      name: name as string,
      priority: priority as number,
      transformations: Object.freeze(transformations),
      fieldNameMapping: Object.freeze(plainMapping(transformations)),
    }),
  };
}

type Report = (path: readonly (string | number)[], message: string) => void;
type Path = readonly (string | number)[];

function parseTransformation(item: unknown, at: Path, problem: Report): Transformation | undefined {
  if (!isRecord(item)) {
    problem(at, 'a transformation must be a map with a type');
    return undefined;
  }
  const type = item.type;
  if (typeof type !== 'string' || !(TRANSFORMATION_TYPES as readonly string[]).includes(type)) {
    problem(
      [...at, 'type'],
      `unknown transformation type '${String(type)}' (supported: ${TRANSFORMATION_TYPES.join(', ')})`,
    );
    return undefined;
  }
  const allowed = new Set([...COMMON_KEYS, ...(TYPE_KEYS[type] ?? [])]);
  let bad = false;
  for (const key of Object.keys(item)) {
    if (!allowed.has(key)) {
      problem([...at, key], `unknown key '${key}' for ${type}`);
      bad = true;
    }
  }
  const id = item.id;
  if (id !== undefined && typeof id !== 'string') {
    problem([...at, 'id'], 'id must be a string');
    bad = true;
  }
  const kind = parseKind(type, item, at, problem);
  const ruleConditions = parseList(
    item.rule_conditions,
    [...at, 'rule_conditions'],
    problem,
    parseLogsourceCondition,
  );
  const fieldConditions = parseList(
    item.field_name_conditions,
    [...at, 'field_name_conditions'],
    problem,
    parseFieldCondition,
  );
  const itemConditions = parseList(
    item.detection_item_conditions,
    [...at, 'detection_item_conditions'],
    problem,
    parseItemCondition,
  );
  const ruleCondOp = parseOp(item.rule_cond_op, [...at, 'rule_cond_op'], problem);
  const fieldCondOp = parseOp(item.field_name_cond_op, [...at, 'field_name_cond_op'], problem);
  const itemCondOp = parseOp(item.detection_item_cond_op, [...at, 'detection_item_cond_op'], problem);
  if (item.rule_cond_not !== undefined) {
    problem([...at, 'rule_cond_not'], 'rule_cond_not is not supported: use a logsource condition per case');
    bad = true;
  }
  if (type === 'add_condition' && (fieldConditions?.length || itemConditions?.length)) {
    problem([...at, 'type'], 'add_condition takes rule_conditions only (it adds items, it matches none)');
    bad = true;
  }
  if (
    bad ||
    !kind ||
    !ruleConditions ||
    !fieldConditions ||
    !itemConditions ||
    !ruleCondOp ||
    !fieldCondOp ||
    !itemCondOp
  )
    return undefined;
  return Object.freeze({
    ...kind,
    id,
    ruleConditions,
    ruleCondOp,
    fieldConditions,
    fieldCondOp,
    itemConditions,
    itemCondOp,
  }) as Transformation;
}

function parseKind(
  type: string,
  item: Record<string, unknown>,
  at: Path,
  problem: Report,
): TransformationKind | undefined {
  switch (type) {
    case 'field_name_mapping': {
      const m = item.mapping;
      if (!isRecord(m) || Object.keys(m).length === 0) {
        problem(
          [...at, 'mapping'],
          'mapping must be a non-empty map of Sigma field → event field (or list of fields)',
        );
        return undefined;
      }
      const mapping: Record<string, readonly string[]> = {};
      for (const [from, to] of Object.entries(m)) {
        const list = Array.isArray(to) ? to : [to];
        if (list.length === 0 || list.some((x) => typeof x !== 'string' || x === '')) {
          problem(
            [...at, 'mapping', from],
            `mapping of '${from}' must be a field name or a non-empty list of field names`,
          );
          return undefined;
        }
        mapping[from] = Object.freeze([...(list as string[])]);
      }
      return { type, mapping: Object.freeze(mapping) };
    }
    case 'field_name_prefix':
    case 'field_name_suffix': {
      const key = type === 'field_name_prefix' ? 'prefix' : 'suffix';
      const v = item[key];
      if (typeof v !== 'string' || v === '') {
        problem([...at, key], `${key} must be a non-empty string`);
        return undefined;
      }
      return type === 'field_name_prefix' ? { type, prefix: v } : { type, suffix: v };
    }
    case 'add_condition': {
      const c = item.conditions;
      const negated = item.negated ?? false;
      if (typeof negated !== 'boolean') {
        problem([...at, 'negated'], 'negated must be true or false');
        return undefined;
      }
      if (!isRecord(c) || Object.keys(c).length === 0) {
        problem([...at, 'conditions'], 'conditions must be a non-empty map of field → value(s)');
        return undefined;
      }
      const r = compileDetection(
        { sel: c, condition: 'sel' },
        { placeholders: {}, keywordMatch: 'contains' },
      );
      if ('reject' in r) {
        problem([...at, 'conditions'], `conditions: ${r.reject.reason}`);
        return undefined;
      }
      return { type, node: r.node, negated };
    }
    case 'replace_string': {
      const { regex, replacement } = item;
      if (typeof regex !== 'string' || regex === '') {
        problem([...at, 'regex'], 'regex must be a non-empty string');
        return undefined;
      }
      if (typeof replacement !== 'string') {
        problem([...at, 'replacement'], 'replacement must be a string (may be empty)');
        return undefined;
      }
      const compiled = compileRegex(regex);
      if (typeof compiled === 'string') {
        problem([...at, 'regex'], `regex: ${compiled}`);
        return undefined;
      }
      // pySigma's \1 group references become JavaScript's $1.
      return { type, regex: compiled, replacement: replacement.replace(/\\(\d)/g, '$$$1') };
    }
    default:
      return { type: 'drop_detection_item' };
  }
}

function parseList<T>(
  value: unknown,
  at: Path,
  problem: Report,
  one: (v: unknown, at: Path, problem: Report) => T | undefined,
): readonly T[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem(at, 'must be a list of conditions');
    return undefined;
  }
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = one(value[i], [...at, i], problem);
    if (c === undefined) return undefined;
    out.push(c);
  }
  return Object.freeze(out);
}

function parseLogsourceCondition(v: unknown, at: Path, problem: Report): LogsourceCondition | undefined {
  if (!isRecord(v) || v.type !== 'logsource') {
    problem(
      isRecord(v) ? [...at, 'type'] : at,
      `unsupported rule condition type '${isRecord(v) ? String(v.type) : typeof v}' (supported: logsource)`,
    );
    return undefined;
  }
  const out: { type: 'logsource'; product?: string; category?: string; service?: string } = {
    type: 'logsource',
  };
  for (const [k, x] of Object.entries(v)) {
    if (k === 'type') continue;
    if (k !== 'product' && k !== 'category' && k !== 'service') {
      problem([...at, k], `unknown key '${k}' (expected product, category, service)`);
      return undefined;
    }
    if (typeof x !== 'string' || x === '') {
      problem([...at, k], `${k} must be a non-empty string`);
      return undefined;
    }
    out[k] = x.toLowerCase();
  }
  if (Object.keys(out).length === 1) {
    problem(at, 'a logsource condition needs product, category or service');
    return undefined;
  }
  return Object.freeze(out);
}

function parseFieldCondition(v: unknown, at: Path, problem: Report): FieldCondition | undefined {
  if (!isRecord(v) || (v.type !== 'include_fields' && v.type !== 'exclude_fields')) {
    problem(
      isRecord(v) ? [...at, 'type'] : at,
      `unsupported field condition type '${isRecord(v) ? String(v.type) : typeof v}' (supported: include_fields, exclude_fields)`,
    );
    return undefined;
  }
  for (const k of Object.keys(v))
    if (k !== 'type' && k !== 'fields') {
      problem([...at, k], `unknown key '${k}' (expected fields)`);
      return undefined;
    }
  const fields = v.fields;
  if (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== 'string')) {
    problem([...at, 'fields'], 'fields must be a non-empty list of field names');
    return undefined;
  }
  return Object.freeze({ type: v.type, fields: Object.freeze([...(fields as string[])]) });
}

function parseItemCondition(v: unknown, at: Path, problem: Report): ItemCondition | undefined {
  if (!isRecord(v) || v.type !== 'match_string') {
    problem(
      isRecord(v) ? [...at, 'type'] : at,
      `unsupported detection item condition type '${isRecord(v) ? String(v.type) : typeof v}' (supported: match_string)`,
    );
    return undefined;
  }
  for (const k of Object.keys(v))
    if (k !== 'type' && k !== 'pattern' && k !== 'negate') {
      problem([...at, k], `unknown key '${k}' (expected pattern, negate)`);
      return undefined;
    }
  const negate = v.negate ?? false;
  if (typeof v.pattern !== 'string' || typeof negate !== 'boolean') {
    problem([...at, 'pattern'], 'pattern must be a regex string (and negate true/false)');
    return undefined;
  }
  const pattern = compileRegex(v.pattern);
  if (typeof pattern === 'string') {
    problem([...at, 'pattern'], `pattern: ${pattern}`);
    return undefined;
  }
  return Object.freeze({ type: 'match_string', pattern: new RegExp(pattern.source), negate });
}

function parseOp(v: unknown, at: Path, problem: Report): CondOp | undefined {
  if (v === undefined) return 'and';
  if (v === 'and' || v === 'or') return v;
  problem(at, `must be 'and' or 'or'`);
  return undefined;
}

/** A global regex, or the reason it does not compile. */
function compileRegex(source: string): RegExp | string {
  try {
    return new RegExp(source, 'g');
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * One-to-one mappings that apply to every rule and every item: correlations read them to rename
 * their group-by and value fields like rule fields (FieldMappingPipeline.fieldNameMapping).
 */
function plainMapping(ts: readonly Transformation[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of ts) {
    if (t.type !== 'field_name_mapping' || t.ruleConditions.length > 0 || t.fieldConditions.length > 0)
      continue;
    for (const [from, to] of Object.entries(t.mapping)) if (to.length === 1 && to[0]) out[from] = to[0];
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

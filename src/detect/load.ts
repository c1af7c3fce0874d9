/**
 * Load Sigma rule files (multi-document YAML text) into compiled rules and filters, with a
 * rejection (and reason) for every document that cannot be honoured. Pure: callers read files.
 */
import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import { appendPath } from '../inputs/path.ts';
import { fastLoadYaml } from '../inputs/yaml/fast.ts';
import { attackIds } from './attack.ts';
import { parseCorrelation } from './correlation/parse.ts';
import { resolveCorrelations } from './correlation/resolve.ts';
import type { CorrelationRule, ParsedCorrelation } from './correlation/types.ts';
import { compileDetection } from './detection.ts';
import type { ItemOptions } from './modifiers.ts';
import { and, not } from './nodes.ts';
import type { SigmaFilter, SigmaRule } from './rule.ts';
import { ruleDocs } from './rule-docs.ts';
import type { Logsource, Rejection, RejectionCode, SigmaLevel } from './types.ts';

export interface RuleSource {
  readonly file: string;
  readonly text: string;
}

export interface LoadOptions {
  readonly placeholders?: Readonly<Record<string, readonly string[]>>;
  readonly keywordMatch?: 'contains' | 'exact';
  /**
   * Parse every file with the full `yaml` parser. By default plain files go through the fast
   * reader of src/inputs/yaml (the full parser was most of the load time of the SigmaHQ set) and
   * anything it does not handle falls back to the full parser; tests compare the two.
   */
  readonly fullYaml?: boolean;
}

export interface LoadResult {
  /** Rules with filters applied. */
  readonly rules: readonly SigmaRule[];
  readonly filters: readonly SigmaFilter[];
  /** Correlation rules whose references resolved, in dependency order (docs/detect.md §Correlations). */
  readonly correlations: readonly CorrelationRule[];
  readonly rejected: readonly Rejection[];
}

const LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];
const MAX_RULE_BYTES = 1_000_000;
const MAX_YAML_DEPTH = 200;
const MAX_YAML_DOCUMENTS = 10_000;

/**
 * The fast reader's path key for where the value at `path` starts, as `yaml`'s getIn(path, true)
 * node range gives it to the full path: a digit segment indexes a list, and a non-empty block
 * collection starts at its first entry (the reader's ranges start at the key).
 */
function valueKeyOf(value: unknown, path: readonly string[]): string {
  let node = value;
  let key = '';
  for (const segment of path) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      key = appendPath(key, Number(segment));
      node = node[Number(segment)];
    } else {
      key = appendPath(key, segment);
      node =
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  if (Array.isArray(node) && node.length > 0) return appendPath(key, 0);
  if (node !== null && typeof node === 'object') {
    const first = Object.keys(node)[0];
    if (first !== undefined) return appendPath(key, first);
  }
  return key;
}

export function loadRules(sources: readonly RuleSource[], options: LoadOptions = {}): LoadResult {
  const itemOptions: ItemOptions = {
    placeholders: options.placeholders ?? {},
    keywordMatch: options.keywordMatch ?? 'contains',
  };
  const rules: SigmaRule[] = [];
  const filters: SigmaFilter[] = [];
  const rejected: Rejection[] = [];
  const parsed: ParsedCorrelation[] = [];
  for (const source of sources) {
    for (const doc of loadFile(source, itemOptions, options.fullYaml === true)) {
      if (doc.kind === 'rule') rules.push(doc);
      else if (doc.kind === 'filter') filters.push(doc);
      else if (doc.kind === 'correlation') parsed.push(doc);
      else rejected.push(doc.rejection);
    }
  }
  // References may point at rules in later documents or other files: resolve once all are loaded.
  const resolved = resolveCorrelations(parsed, rules);
  for (const u of resolved.rejected) {
    const c = u.correlation;
    rejected.push({
      origin: { file: c.origin.file, line: c.refsLine },
      code: 'correlation',
      reason: u.reason,
      title: c.title,
      ...(c.id !== undefined ? { id: c.id } : {}),
    });
  }
  return { rules: applyFilters(rules, filters), filters, correlations: resolved.correlations, rejected };
}

type Loaded =
  | SigmaRule
  | SigmaFilter
  | ParsedCorrelation
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

function loadFile(source: RuleSource, options: ItemOptions, fullYaml: boolean): Loaded[] {
  const rejectedDoc = (
    line: number,
    code: RejectionCode,
    reason: string,
    meta: Record<string, unknown> = {},
  ): Loaded => ({
    kind: 'rejected',
    rejection: {
      origin: { file: source.file, line },
      code,
      reason,
      ...(typeof meta.title === 'string' ? { title: meta.title } : {}),
      ...(typeof meta.id === 'string' ? { id: meta.id } : {}),
    },
  });
  if (source.text.length > MAX_RULE_BYTES)
    return [rejectedDoc(1, 'shape', `file is larger than ${MAX_RULE_BYTES} bytes`)];
  const fast = fullYaml ? undefined : fastLoadYaml(source.text, {}, MAX_YAML_DEPTH, MAX_YAML_DOCUMENTS);
  if (fast !== undefined) {
    const out: Loaded[] = [];
    for (const doc of fast) {
      if (doc.value === null || doc.value === undefined) continue; // empty document (e.g. trailing ---)
      const line = doc.range.start.line;
      const lineOf = (path: readonly string[]): number =>
        doc.positions.get(valueKeyOf(doc.value, path))?.start.line ?? line;
      out.push(loadDocument(doc.value, source.file, line, lineOf, options, rejectedDoc));
    }
    return out;
  }
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(source.text, { lineCounter: lines, uniqueKeys: true }) as Document.Parsed[];
  } catch (error) {
    return [rejectedDoc(1, 'yaml', `YAML: ${(error as Error).message}`)];
  }
  if (!Array.isArray(docs)) return [];
  const out: Loaded[] = [];
  for (const doc of docs) {
    const start =
      (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? doc.range?.[0] ?? 0;
    const line = lines.linePos(start).line;
    const lineOf = (path: readonly string[]): number => {
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? lines.linePos(node.range[0]).line : line;
    };
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      out.push(rejectedDoc(e?.linePos?.[0]?.line ?? line, 'yaml', `YAML: ${e?.message.split('\n')[0]}`));
      continue;
    }
    let body: unknown;
    try {
      body = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      out.push(rejectedDoc(line, 'yaml', `YAML: ${(error as Error).message}`));
      continue;
    }
    if (body === null || body === undefined) continue; // empty document (e.g. trailing ---)
    out.push(loadDocument(body, source.file, line, lineOf, options, rejectedDoc));
  }
  return out;
}

function loadDocument(
  body: unknown,
  file: string,
  line: number,
  lineOf: (path: readonly string[]) => number,
  options: ItemOptions,
  rejectedDoc: (line: number, code: RejectionCode, reason: string, meta?: Record<string, unknown>) => Loaded,
): Loaded {
  if (typeof body !== 'object' || Array.isArray(body))
    return rejectedDoc(line, 'shape', 'a rule document must be a map');
  const d = body as Record<string, unknown>;
  const bad = (code: RejectionCode, reason: string, at = line): Loaded => rejectedDoc(at, code, reason, d);
  if (typeof d.title !== 'string' || d.title.trim() === '') return bad('shape', "missing 'title'");
  if (d.id !== undefined && typeof d.id !== 'string')
    return bad('shape', "'id' must be a string", lineOf(['id']));
  if ('correlation' in d) {
    const c = parseCorrelation(d, file, line, lineOf(['correlation', 'rules']));
    return 'reason' in c ? bad('correlation', c.reason, lineOf(c.path)) : c;
  }
  if (d.action !== undefined)
    return bad('unsupported', `Sigma v1 rule collections ('action: ${String(d.action)}') are not supported`);
  const logsource = parseLogsource(d.logsource);
  if (typeof logsource === 'string') return bad('shape', logsource, lineOf(['logsource']));
  if ('filter' in d && !('detection' in d)) return loadFilter(d, file, line, logsource, lineOf, options, bad);
  const detection = d.detection;
  if (detection === null || typeof detection !== 'object' || Array.isArray(detection)) {
    return bad('shape', "missing or invalid 'detection' map", lineOf(['detection']));
  }
  const r = compileDetection(detection as Record<string, unknown>, options);
  if ('reject' in r) {
    return bad(
      r.reject.code,
      `detection.${r.reject.reason}`,
      lineOf(r.identifier ? ['detection', r.identifier] : ['detection', 'condition']),
    );
  }
  const level = d.level;
  if (level !== undefined && !(LEVELS as readonly unknown[]).includes(level)) {
    return bad('shape', `'level' must be one of ${LEVELS.join(', ')}`, lineOf(['level']));
  }
  const tags = Array.isArray(d.tags) ? d.tags.filter((t): t is string => typeof t === 'string') : [];
  return Object.freeze({
    kind: 'rule',
    id: d.id as string | undefined,
    name: typeof d.name === 'string' ? d.name : undefined,
    title: d.title,
    status: typeof d.status === 'string' ? d.status : undefined,
    level: level as SigmaLevel | undefined,
    ...ruleDocs(d),
    tags: Object.freeze(tags),
    attack: Object.freeze(attackIds(tags)),
    logsource,
    origin: { file, line },
    match: r.node,
  });
}

function loadFilter(
  d: Record<string, unknown>,
  file: string,
  line: number,
  logsource: Logsource,
  lineOf: (path: readonly string[]) => number,
  options: ItemOptions,
  bad: (code: RejectionCode, reason: string, at?: number) => Loaded,
): Loaded {
  const f = d.filter;
  if (f === null || typeof f !== 'object' || Array.isArray(f))
    return bad('shape', "'filter' must be a map", lineOf(['filter']));
  const { rules: targets, ...detection } = f as Record<string, unknown>;
  const list = targets === undefined || targets === null ? [] : Array.isArray(targets) ? targets : [targets];
  if (list.some((t) => typeof t !== 'string'))
    return bad('shape', "'filter.rules' must list rule ids or names", lineOf(['filter', 'rules']));
  const r = compileDetection(detection, options);
  if ('reject' in r)
    return bad(
      r.reject.code,
      `filter.${r.reject.reason}`,
      lineOf(r.identifier ? ['filter', r.identifier] : ['filter']),
    );
  return Object.freeze({
    kind: 'filter',
    id: d.id as string | undefined,
    title: d.title as string,
    logsource,
    rules: Object.freeze(list as string[]),
    origin: { file, line },
    match: r.node,
  });
}

function parseLogsource(v: unknown): Logsource | string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return "missing or invalid 'logsource' map";
  const l = v as Record<string, unknown>;
  const out: { product?: string; category?: string; service?: string } = {};
  for (const key of ['product', 'category', 'service'] as const) {
    const x = l[key];
    if (x === undefined || x === null) continue;
    if (typeof x !== 'string') return `'logsource.${key}' must be a string`;
    out[key] = x.toLowerCase();
  }
  return Object.freeze(out);
}

/** A filter's logsource fields must each equal the rule's (a filter never widens a rule). */
function logsourceCovers(filter: Logsource, rule: Logsource): boolean {
  return (['product', 'category', 'service'] as const).every(
    (k) => filter[k] === undefined || filter[k] === rule[k],
  );
}

/** Filters (spec: Sigma Filters) make each targeted rule `rule and not filter`. */
export function applyFilters(rules: readonly SigmaRule[], filters: readonly SigmaFilter[]): SigmaRule[] {
  if (filters.length === 0) return [...rules];
  return rules.map((rule) => {
    const mine = filters.filter(
      (f) =>
        logsourceCovers(f.logsource, rule.logsource) &&
        (f.rules.length === 0 ||
          f.rules.some((t) => t === rule.id || (rule.name !== undefined && t === rule.name))),
    );
    if (mine.length === 0) return rule;
    return Object.freeze({ ...rule, match: and([rule.match, ...mine.map((f) => not(f.match))]) });
  });
}

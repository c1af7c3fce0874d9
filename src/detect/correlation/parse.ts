/**
 * Parse one correlation document (spec: Sigma Correlation Rules §Correlation section) into a
 * ParsedCorrelation, or a reason naming the offending field. References are resolved later
 * (resolve.ts) because the referenced rules may come later in the file or in other files.
 */
import { ruleDocs } from '../rule-docs.ts';
import type { SigmaLevel } from '../types.ts';
import {
  CORRELATION_TYPES,
  type ConditionOp,
  type CorrelationCondition,
  type CorrelationType,
  FIELD_TYPES,
  type ParsedCorrelation,
} from './types.ts';

export interface CorrelationProblem {
  readonly reason: string;
  /** YAML path of the offending node, for the line number. */
  readonly path: readonly string[];
}

const LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];
const OPS: readonly ConditionOp[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A year: longer windows would keep state for longer than any log retention. */
const MAX_TIMESPAN_MS = 366 * 86_400_000;

/** Spec §Time Selection: `number + letter (in lowercase)`: s, m, h, d. */
export function parseTimespan(v: unknown): number | string {
  if (typeof v !== 'string') return "'correlation.timespan' must be a string like 5m, 1h or 90s";
  const m = /^([0-9]{1,9})([smhd])$/.exec(v);
  if (!m) return `'correlation.timespan' '${v}' must be a number followed by s, m, h or d (lowercase)`;
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  if (ms <= 0) return "'correlation.timespan' must be positive";
  if (ms > MAX_TIMESPAN_MS) return `'correlation.timespan' '${v}' is longer than 366 days`;
  return ms;
}

export function parseCorrelation(
  d: Readonly<Record<string, unknown>>,
  file: string,
  line: number,
  refsLine: number = line,
): ParsedCorrelation | CorrelationProblem {
  const bad = (reason: string, ...path: string[]): CorrelationProblem => ({
    reason,
    path: ['correlation', ...path],
  });
  const c = d.correlation;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return bad("'correlation' must be a map");
  const corr = c as Record<string, unknown>;
  const type = corr.type;
  if (!(CORRELATION_TYPES as readonly unknown[]).includes(type))
    return bad(`'correlation.type' must be one of ${CORRELATION_TYPES.join(', ')}`, 'type');
  const t = type as CorrelationType;

  const rawRefs = corr.rules;
  const refs = typeof rawRefs === 'string' ? [rawRefs] : rawRefs;
  if (!Array.isArray(refs) || refs.length === 0 || refs.some((r) => typeof r !== 'string' || r === ''))
    return bad("'correlation.rules' must list rule ids or names", 'rules');
  if (new Set(refs).size !== refs.length) return bad("'correlation.rules' lists a rule twice", 'rules');
  if ((t === 'temporal' || t === 'temporal_ordered') && refs.length < 2)
    return bad(`a ${t} correlation needs at least two rules`, 'rules');

  const rawGroup = corr['group-by'];
  const groupBy =
    rawGroup === undefined || rawGroup === null ? [] : typeof rawGroup === 'string' ? [rawGroup] : rawGroup;
  if (!Array.isArray(groupBy) || groupBy.some((g) => typeof g !== 'string' || g === ''))
    return bad("'correlation.group-by' must list field names", 'group-by');
  if (new Set(groupBy).size !== groupBy.length)
    return bad("'correlation.group-by' lists a field twice", 'group-by');

  const timespan = parseTimespan(corr.timespan ?? d.timespan);
  if (typeof timespan === 'string') return bad(timespan, 'timespan');

  const aliases = parseAliases(corr.aliases);
  if (typeof aliases === 'string') return bad(aliases, 'aliases');

  const cond = parseCondition(corr.condition, t);
  if (typeof cond === 'string') return bad(cond, 'condition');

  const level = d.level;
  if (level !== undefined && !(LEVELS as readonly unknown[]).includes(level))
    return { reason: `'level' must be one of ${LEVELS.join(', ')}`, path: ['level'] };
  const generate = corr.generate ?? d.generate;
  if (generate !== undefined && typeof generate !== 'boolean')
    return { reason: "'generate' must be true or false", path: ['generate'] };
  const tags = Array.isArray(d.tags) ? d.tags.filter((x): x is string => typeof x === 'string') : [];
  return Object.freeze({
    kind: 'correlation',
    id: typeof d.id === 'string' ? d.id : undefined,
    name: typeof d.name === 'string' ? d.name : undefined,
    title: String(d.title),
    level: level as SigmaLevel | undefined,
    ...ruleDocs(d),
    tags: Object.freeze(tags),
    type: t,
    refs: Object.freeze([...(refs as string[])]),
    groupBy: Object.freeze([...(groupBy as string[])]),
    aliases,
    timespanMs: timespan,
    condition: cond.condition,
    fields: cond.fields,
    generate: generate === true,
    origin: { file, line },
    refsLine,
  });
}

function parseAliases(v: unknown): Readonly<Record<string, Readonly<Record<string, string>>>> | string {
  if (v === undefined || v === null) return Object.freeze({});
  if (typeof v !== 'object' || Array.isArray(v))
    return "'correlation.aliases' must map alias → {rule name: field}";
  const out: Record<string, Record<string, string>> = {};
  for (const [alias, m] of Object.entries(v)) {
    if (m === null || typeof m !== 'object' || Array.isArray(m))
      return `'correlation.aliases.${alias}' must map rule names to field names`;
    const fields: Record<string, string> = {};
    for (const [rule, field] of Object.entries(m)) {
      if (typeof field !== 'string' || field === '')
        return `'correlation.aliases.${alias}.${rule}' must be a field name`;
      fields[rule] = field;
    }
    out[alias] = Object.freeze(fields);
  }
  return Object.freeze(out);
}

function parseCondition(
  v: unknown,
  type: CorrelationType,
): { condition: CorrelationCondition | undefined; fields: readonly string[] } | string {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  const needsField = FIELD_TYPES.includes(type);
  if (v === undefined || v === null) {
    // Spec §Correlation Types: temporal types require only rules, group-by and timespan.
    if (temporal) return { condition: undefined, fields: [] };
    return `a ${type} correlation needs 'correlation.condition'`;
  }
  if (typeof v !== 'object' || Array.isArray(v))
    return "'correlation.condition' must be a map like {gte: 10}";
  const tests: { op: ConditionOp; value: number }[] = [];
  let fields: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (k === 'field') {
      const list = typeof x === 'string' ? [x] : x;
      if (!Array.isArray(list) || list.length === 0 || list.some((f) => typeof f !== 'string' || f === ''))
        return "'correlation.condition.field' must be a field name or a list of field names";
      fields = list as string[];
      continue;
    }
    if (!(OPS as readonly string[]).includes(k))
      return `'correlation.condition.${k}' is not an operator (use ${OPS.join(', ')}, field)`;
    const n = typeof x === 'bigint' ? Number(x) : x;
    if (typeof n !== 'number' || !Number.isFinite(n)) return `'correlation.condition.${k}' must be a number`;
    tests.push({ op: k as ConditionOp, value: n });
  }
  if (tests.length === 0) return "'correlation.condition' needs an operator (gt, gte, lt, lte, eq, neq)";
  if (needsField && fields.length === 0) return `a ${type} correlation needs 'correlation.condition.field'`;
  if (!needsField && fields.length > 0)
    return `'correlation.condition.field' is only used by ${FIELD_TYPES.join(', ')}`;
  if (fields.length > 1 && type !== 'value_count') return `${type} reads one numeric field, not a list`;
  if (!satisfiable(tests)) return "'correlation.condition' can never hold (its range is empty)";
  return { condition: Object.freeze({ tests: Object.freeze(tests) }), fields: Object.freeze(fields) };
}

/** A range like {gt: 10, lt: 5} is a rule-writing mistake, not a rule that never fires silently. */
function satisfiable(tests: readonly { op: ConditionOp; value: number }[]): boolean {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (const { op, value } of tests) {
    if (op === 'gt' || op === 'gte')
      lo = Math.max(lo, op === 'gt' ? value + Number.EPSILON * Math.abs(value || 1) : value);
    if (op === 'lt' || op === 'lte')
      hi = Math.min(hi, op === 'lt' ? value - Number.EPSILON * Math.abs(value || 1) : value);
    if (op === 'eq') {
      lo = Math.max(lo, value);
      hi = Math.min(hi, value);
    }
  }
  return lo <= hi;
}

export function holds(condition: CorrelationCondition, value: number): boolean {
  for (const { op, value: v } of condition.tests) {
    switch (op) {
      case 'gt':
        if (!(value > v)) return false;
        break;
      case 'gte':
        if (!(value >= v)) return false;
        break;
      case 'lt':
        if (!(value < v)) return false;
        break;
      case 'lte':
        if (!(value <= v)) return false;
        break;
      case 'eq':
        if (value !== v) return false;
        break;
      case 'neq':
        if (value === v) return false;
        break;
    }
  }
  return true;
}

/**
 * How a correlation is evaluated (docs/detect.md §Correlations):
 * - `arrival`: on the window that ends at each arriving event, [t - timespan, t]. Conditions that
 *   only get truer as events arrive (gt/gte on counts, temporal types), and value_avg /
 *   value_percentile, which measure the window of the event that just arrived.
 * - `closed`: conditions with an upper bound (lt, lte, eq, neq, ranges) on counts and value_sum
 *   need the whole window, so they are decided on [a, a + timespan] once event time has passed
 *   its end (or at flush), where `a` is the group's first event not covered by a closed window.
 */
export function evaluationMode(
  type: CorrelationType,
  condition: CorrelationCondition | undefined,
): 'arrival' | 'closed' {
  if (condition === undefined || type === 'value_avg' || type === 'value_percentile') return 'arrival';
  return condition.tests.every((t) => t.op === 'gt' || t.op === 'gte') ? 'arrival' : 'closed';
}

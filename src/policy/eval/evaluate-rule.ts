import type { Finding } from '../../core/finding.ts';
import type { InputDocument } from '../../inputs/document.ts';
import { celToString } from '../cel/values.ts';
import type { CompiledRule, CompiledValidation, CompiledVariable } from '../types.ts';
import { evaluationError, violation } from './findings.ts';
import { canonicalPath, locate, touchesUnknown } from './locate.ts';

/** Counters one evaluation run accumulates (exposed as analyzer stats). */
export interface EvalStats {
  documents: number;
  evaluations: number;
  violations: number;
  unknownSuppressed: number;
  evaluationErrors: number;
}

export function emptyStats(): EvalStats {
  return { documents: 0, evaluations: 0, violations: 0, unknownSuppressed: 0, evaluationErrors: 0 };
}

/** Thrown only inside a variables getter, caught by the expression that read the variable. */
class VariableFailure extends Error {}

/**
 * `variables` for one rule on one document: each evaluated on first use, at most once.
 * A variable may use earlier ones; a cycle or a failing variable fails the reading expression.
 */
function lazyVariables(
  vars: readonly CompiledVariable[],
  context: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const state = new Map<string, 'running' | { value: unknown }>();
  for (const v of vars) {
    Object.defineProperty(out, v.name, {
      enumerable: true,
      get() {
        const s = state.get(v.name);
        if (s === 'running') throw new VariableFailure(`variable '${v.name}' refers to itself`);
        if (s) return s.value;
        state.set(v.name, 'running');
        const r = v.expression.run(context);
        if (!r.ok) {
          state.delete(v.name);
          throw new VariableFailure(`variable '${v.name}': ${r.error}`);
        }
        state.set(v.name, { value: r.value });
        return r.value;
      },
    });
  }
  return out;
}

/**
 * Evaluates one rule on one document; returns violations and evaluation-error findings.
 * Never throws: a failing expression is an evaluation-error finding for this document only.
 */
export function evaluateRule(
  rule: CompiledRule,
  doc: InputDocument,
  docContext: Readonly<Record<string, unknown>>,
  stats: EvalStats,
): Finding[] {
  stats.evaluations++;
  const context: Record<string, unknown> = Object.create(docContext);
  context.variables = lazyVariables(rule.variables, context);
  const out: Finding[] = [];
  const fail = (field: string, error: string) => {
    stats.evaluationErrors++;
    out.push(evaluationError(rule, doc, field, error));
  };

  for (const condition of rule.matchConditions) {
    const r = condition.expression.run(context);
    if (!r.ok) {
      fail(condition.expression.field, r.error);
      return out;
    }
    if (r.value !== true) return out;
  }
  for (const validation of rule.validations) {
    if (!validation.forEach) {
      checkOne(rule, doc, validation, context, undefined, stats, out, fail);
      continue;
    }
    const list = validation.forEach.run(context);
    if (!list.ok) {
      fail(validation.forEach.field, list.error);
      continue;
    }
    if (list.value === null) continue;
    if (!Array.isArray(list.value)) {
      fail(validation.forEach.field, `forEach must produce a list, got ${typeName(list.value)}`);
      continue;
    }
    for (const item of list.value) {
      const itemContext: Record<string, unknown> = Object.create(context);
      itemContext[validation.as] = item;
      checkOne(rule, doc, validation, itemContext, item, stats, out, fail);
    }
  }
  return out;
}

function checkOne(
  rule: CompiledRule,
  doc: InputDocument,
  validation: CompiledValidation,
  context: Record<string, unknown>,
  item: unknown,
  stats: EvalStats,
  out: Finding[],
  fail: (field: string, error: string) => void,
): void {
  const r = validation.expression.run(context);
  if (!r.ok) return fail(validation.expression.field, r.error);
  if (r.value === true) return;
  if (r.value !== false)
    return fail(validation.expression.field, `must evaluate to bool, got ${typeName(r.value)}`);

  const path = failurePath(validation, context, item);
  if (touchesUnknown(doc, path)) {
    stats.unknownSuppressed++;
    return;
  }
  stats.violations++;
  out.push(
    violation(
      rule,
      doc,
      failureMessage(rule, validation, context),
      path,
      locate(doc, path),
      validation.index,
    ),
  );
}

/** pathExpression, else path, else the forEach item's own `path` (containers carry one). */
function failurePath(
  validation: CompiledValidation,
  context: Record<string, unknown>,
  item: unknown,
): string {
  let raw: unknown;
  if (validation.pathExpression) {
    const r = validation.pathExpression.run(context);
    if (r.ok && typeof r.value === 'string') raw = r.value;
  }
  raw ??= validation.path;
  if (
    raw === undefined &&
    item !== null &&
    typeof item === 'object' &&
    typeof (item as { path?: unknown }).path === 'string'
  ) {
    raw = (item as { path: string }).path;
  }
  if (typeof raw !== 'string') return '';
  return canonicalPath(raw) ?? '';
}

/** messageExpression, falling back to message, then the rule title (as Kubernetes VAP does). */
function failureMessage(
  rule: CompiledRule,
  validation: CompiledValidation,
  context: Record<string, unknown>,
): string {
  if (validation.messageExpression) {
    const r = validation.messageExpression.run(context);
    if (r.ok && r.value !== null && r.value !== undefined && celToString(r.value).trim() !== '')
      return celToString(r.value);
  }
  return validation.message ?? rule.title;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  return typeof value === 'object' ? 'map' : typeof value;
}

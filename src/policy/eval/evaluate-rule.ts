import type { Finding } from '../../core/finding.ts';
import type { InputDocument } from '../../inputs/document.ts';
import { celToString } from '../cel/values.ts';
import type { CompiledRule, CompiledValidation, CompiledVariable, EvalOutcome } from '../types.ts';
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

/** Thrown only by the getter of a variable that failed, caught by the expression that reads it. */
class VariableFailure extends Error {}

const NO_VARIABLES: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * `variables` for one rule on one document, evaluated in order (a variable may use earlier
 * ones). A failing variable is not an error by itself: only an expression that reads it fails,
 * with the variable's error, so guards like `has(x) && variables.y` keep working.
 */
function evaluateVariables(
  vars: readonly CompiledVariable[],
  context: Record<string, unknown>,
  runCache: Map<CompiledVariable, EvalOutcome>,
): Record<string, unknown> {
  if (vars.length === 0) return NO_VARIABLES as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  context.variables = out;
  for (const v of vars) {
    let r = v.invariant ? runCache.get(v) : undefined;
    if (!r) {
      r = v.expression.run(context);
      if (v.invariant) runCache.set(v, r);
    }
    if (r.ok) out[v.name] = r.value;
    else {
      const message = `variable '${v.name}': ${r.error}`;
      Object.defineProperty(out, v.name, {
        enumerable: true,
        get() {
          throw new VariableFailure(message);
        },
      });
    }
  }
  return out;
}

/**
 * Evaluates one rule on one document; returns violations and evaluation-error findings.
 * Never throws: a failing expression is an evaluation-error finding for this document only.
 * `context` is the document's CEL context; it is reused across rules (set `variables` and the
 * forEach name here), which keeps the hot path free of per-rule allocations.
 */
export function evaluateRule(
  rule: CompiledRule,
  doc: InputDocument,
  context: Record<string, unknown>,
  stats: EvalStats,
  runCache: Map<CompiledVariable, EvalOutcome> = new Map(),
): Finding[] {
  stats.evaluations++;
  const out: Finding[] = [];
  context.variables = NO_VARIABLES;
  if (rule.variablesFirst) evaluateVariables(rule.variables, context, runCache);
  for (const condition of rule.matchConditions) {
    const r = condition.expression.run(context);
    if (!r.ok) {
      fail(rule, doc, stats, out, condition.expression.field, r.error);
      return out;
    }
    if (r.value !== true) return out;
  }
  if (!rule.variablesFirst) evaluateVariables(rule.variables, context, runCache);
  for (const validation of rule.validations) {
    if (!validation.forEach) {
      checkOne(rule, doc, validation, context, undefined, stats, out);
      continue;
    }
    const list = validation.forEach.run(context);
    if (!list.ok) {
      fail(rule, doc, stats, out, validation.forEach.field, list.error);
      continue;
    }
    if (list.value === null) continue;
    if (!Array.isArray(list.value)) {
      fail(
        rule,
        doc,
        stats,
        out,
        validation.forEach.field,
        `forEach must produce a list, got ${typeName(list.value)}`,
      );
      continue;
    }
    for (const item of list.value) {
      context[validation.as] = item;
      checkOne(rule, doc, validation, context, item, stats, out);
    }
  }
  return out;
}

/**
 * One evaluation-error finding. A module function rather than a closure per evaluateRule call:
 * under tsx every closure also costs a __name() defineProperty, on every rule × document.
 */
function fail(
  rule: CompiledRule,
  doc: InputDocument,
  stats: EvalStats,
  out: Finding[],
  field: string,
  error: string,
): void {
  stats.evaluationErrors++;
  out.push(evaluationError(rule, doc, field, error));
}

function checkOne(
  rule: CompiledRule,
  doc: InputDocument,
  validation: CompiledValidation,
  context: Record<string, unknown>,
  item: unknown,
  stats: EvalStats,
  out: Finding[],
): void {
  const r = validation.expression.run(context);
  if (!r.ok) {
    fail(rule, doc, stats, out, validation.expression.field, r.error);
    return;
  }
  if (r.value === true) return;
  if (r.value !== false) {
    fail(
      rule,
      doc,
      stats,
      out,
      validation.expression.field,
      `must evaluate to bool, got ${typeName(r.value)}`,
    );
    return;
  }

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

import type { CompiledExpression, CompiledRule } from '../types.ts';

/** The aggregates of one rule in one evaluation run: their values, or the first failure. */
export type AggregateOutcome =
  | { readonly ok: true; readonly values: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly field: string; readonly error: string };

const NONE: AggregateOutcome = Object.freeze({ ok: true, values: Object.freeze({}) });

/**
 * Evaluates a rule's `aggregates` in order over the run's documents of its input type. Each
 * sees only `documents` and the earlier aggregates; a failure stops the rest (later ones may
 * depend on it) and is reported by the engine on every document the rule applies to.
 */
export function evaluateAggregates(rule: CompiledRule, documents: readonly unknown[]): AggregateOutcome {
  const aggregates = rule.aggregates ?? [];
  if (aggregates.length === 0) return NONE;
  const values: Record<string, unknown> = {};
  const context = { documents, aggregates: values };
  for (const a of aggregates) {
    const r = a.expression.run(context);
    if (!r.ok) return { ok: false, field: a.expression.field, error: `aggregate '${a.name}': ${r.error}` };
    values[a.name] = r.value;
  }
  return { ok: true, values };
}

/**
 * One run's aggregates, computed on first use per rule: a rule whose documents never occur
 * costs nothing, and every document of the rule shares one evaluation (O(N) per run, not O(N²)).
 */
export class AggregateCache {
  private readonly outcomes: Map<CompiledRule, AggregateOutcome>;

  /** `given`: outcomes computed earlier over a larger document set (incremental sessions). */
  constructor(
    private readonly documentsOf: (rule: CompiledRule) => readonly unknown[],
    given?: ReadonlyMap<CompiledRule, AggregateOutcome>,
  ) {
    this.outcomes = new Map(given);
  }

  get(rule: CompiledRule): AggregateOutcome {
    if (!rule.aggregates || rule.aggregates.length === 0) return NONE;
    let outcome = this.outcomes.get(rule);
    if (!outcome) {
      outcome = evaluateAggregates(rule, this.documentsOf(rule));
      this.outcomes.set(rule, outcome);
    }
    return outcome;
  }
}

/**
 * True when the rule reads other documents only through its aggregates (no other expression
 * mentions `documents`). Given unchanged aggregate values, such a rule's outcome on a document
 * depends on that document alone, so an incremental session re-evaluates only changed files.
 */
export function readsDocumentsOnlyThroughAggregates(rule: CompiledRule): boolean {
  if (!rule.aggregates || rule.aggregates.length === 0) return false;
  let known = viaAggregatesOnly.get(rule);
  if (known === undefined) {
    known = !documentReaders(rule).some((e) => e?.usesDocuments);
    viaAggregatesOnly.set(rule, known);
  }
  return known;
}

const viaAggregatesOnly = new WeakMap<CompiledRule, boolean>();

/** Every expression of a rule except its aggregates. */
function documentReaders(rule: CompiledRule): (CompiledExpression | undefined)[] {
  const expressions: (CompiledExpression | undefined)[] = [
    ...rule.matchConditions.map((c) => c.expression),
    ...rule.variables.map((v) => v.expression),
    ...rule.validations.flatMap((v) => [v.expression, v.forEach, v.messageExpression, v.pathExpression]),
  ];
  return expressions;
}

/** Two outcomes are interchangeable: both failed the same way, or all values are deeply equal. */
export function sameOutcome(a: AggregateOutcome, b: AggregateOutcome): boolean {
  if (!a.ok || !b.ok) return !a.ok && !b.ok && a.field === b.field && a.error === b.error;
  return sameCelValue(a.values, b.values);
}

/** Deep equality of CEL values: scalars, lists, maps (JS Map or plain object), bytes. */
export function sameCelValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameCelValue(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !sameCelValue(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof Map || b instanceof Uint8Array) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!sameCelValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  // Other objects (durations, timestamps) compare by their string form.
  if (ka.length === 0 && Object.getPrototypeOf(a) !== Object.prototype) return String(a) === String(b);
  return true;
}

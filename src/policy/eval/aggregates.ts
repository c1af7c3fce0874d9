import type { CompiledRule } from '../types.ts';

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
  private readonly outcomes = new Map<CompiledRule, AggregateOutcome>();

  constructor(private readonly documentsOf: (rule: CompiledRule) => readonly unknown[]) {}

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

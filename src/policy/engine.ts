import type { Finding } from '../core/finding.ts';
import type { InputDocument, InputType } from '../inputs/document.ts';
import {
  AggregateCache,
  type AggregateOutcome,
  readsDocumentsOnlyThroughAggregates,
} from './eval/aggregates.ts';
import { documentContext, documentsList } from './eval/doc-context.ts';
import { type EvalStats, emptyStats, evaluateRule } from './eval/evaluate-rule.ts';
import { evaluationError } from './eval/findings.ts';
import { RuleIndex } from './eval/rule-index.ts';
import type { CompiledRule, CompiledVariable, EvalOutcome } from './types.ts';

export interface EvaluateOptions {
  /** Only these documents get single-document rules (incremental re-evaluation); default all. */
  readonly changed?: (doc: InputDocument) => boolean;
  /** Which rules to run: all (default), only single-document, only cross-document ones. */
  readonly rules?: 'all' | 'single' | 'cross';
  /** A further filter on the rules to run (after `rules`). */
  readonly only?: (rule: CompiledRule) => boolean;
  /**
   * Aggregate outcomes computed earlier (see `aggregates`), used instead of evaluating the
   * rules' aggregates over `docs`: lets a session re-check a few changed documents against
   * aggregates of the whole document set.
   */
  readonly aggregates?: ReadonlyMap<CompiledRule, AggregateOutcome>;
}

export interface EvaluationResult {
  readonly findings: Finding[];
  readonly stats: EvalStats;
}

/**
 * Compiled rules plus their index: evaluate a set of documents. Pure and synchronous;
 * `documents` for cross-document rules is built at most once per input type per call.
 */
export class PolicyEngine {
  readonly rules: readonly CompiledRule[];
  private readonly index: RuleIndex;

  constructor(rules: readonly CompiledRule[]) {
    this.rules = rules;
    this.index = new RuleIndex(rules);
  }

  evaluate(docs: readonly InputDocument[], options: EvaluateOptions = {}): EvaluationResult {
    const stats = emptyStats();
    const findings: Finding[] = [];
    const lists = new Map<InputType, readonly unknown[]>();
    const provider = (type: InputType) => {
      let list = lists.get(type);
      if (!list) {
        list = documentsList(docs.filter((d) => d.type === type));
        lists.set(type, list);
      }
      return list;
    };
    const which = options.rules ?? 'all';
    // Values of document-independent variables, shared by every document of this run.
    const runCache = new Map<CompiledVariable, EvalOutcome>();
    const aggregates = new AggregateCache((rule) => provider(rule.match.input), options.aggregates);
    for (const doc of docs) {
      stats.documents++;
      const rules = this.index.rulesFor(doc);
      if (rules.length === 0) continue;
      const isChanged = options.changed ? options.changed(doc) : true;
      // Made on the first rule that runs: a pass in which every rule is filtered out (a session's
      // cross-document pass over 10,000 documents) allocates nothing per document.
      let ctx: Record<string, unknown> | undefined;
      for (const rule of rules) {
        if (which === 'single' && rule.crossDocument) continue;
        if (which === 'cross' && !rule.crossDocument) continue;
        if (!rule.crossDocument && !isChanged) continue;
        if (options.only && !options.only(rule)) continue;
        ctx ??= documentContext(doc);
        // Built on first use: only rules that read `documents` outside aggregates pay for the list.
        if (rule.crossDocument && ctx.documents === null && !readsDocumentsOnlyThroughAggregates(rule))
          ctx.documents = provider(doc.type);
        if (rule.aggregates) {
          const outcome = aggregates.get(rule);
          if (!outcome.ok) {
            // The rule cannot judge any of its documents: say so on each, as for any failing expression.
            stats.evaluations++;
            stats.evaluationErrors++;
            findings.push(evaluationError(rule, doc, outcome.field, outcome.error));
            continue;
          }
          ctx.aggregates = outcome.values;
        }
        const found = evaluateRule(rule, doc, ctx, stats, runCache);
        for (const f of found) findings.push(f);
      }
    }
    return { findings, stats };
  }

  /** The aggregates of `rules` over `docs` (each rule over the documents of its input type). */
  aggregates(
    docs: readonly InputDocument[],
    rules: readonly CompiledRule[],
  ): Map<CompiledRule, AggregateOutcome> {
    const lists = new Map<InputType, readonly unknown[]>();
    const cache = new AggregateCache((rule) => {
      let list = lists.get(rule.match.input);
      if (!list) {
        list = documentsList(docs.filter((d) => d.type === rule.match.input));
        lists.set(rule.match.input, list);
      }
      return list;
    });
    return new Map(rules.map((rule) => [rule, cache.get(rule)]));
  }
}

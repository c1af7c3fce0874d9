import type { RuleMetadata } from '../core/rule.ts';
import type { InputType } from '../inputs/document.ts';
import type { FreeVariables } from './cel/free-variables.ts';

/** Where something sits in a rule file: 1-based line and column, as editors count them. */
export interface SourcePoint {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A CEL expression compiled once at load time; `run` never throws (errors come back as values). */
export interface CompiledExpression {
  readonly source: string;
  /** Where the expression starts in the rule file, for messages. */
  readonly at: SourcePoint;
  /** Rule field that holds it, e.g. `validations[1].expression`. */
  readonly field: string;
  /** True when the expression reads `documents` (cross-document rule). */
  readonly usesDocuments: boolean;
  /** Outside names it reads (see cel/free-variables.ts). */
  readonly free: FreeVariables;
  run(context: Readonly<Record<string, unknown>>): EvalOutcome;
}

export type EvalOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

export interface RuleMatch {
  readonly input: InputType;
  /** Kubernetes kinds (`Workload` = anything with a pod spec), CFN types, `Dockerfile`, `Workflow`… */
  readonly kinds?: readonly string[];
  /** Terraform selectors; a document matches when any given selector matches. */
  readonly resourceTypes?: readonly string[];
  readonly dataTypes?: readonly string[];
  readonly blockTypes?: readonly string[];
}

export interface CompiledVariable {
  readonly name: string;
  readonly expression: CompiledExpression;
  /**
   * True when the value cannot differ between documents of one run (it reads only `documents`,
   * constants and other invariant variables): computed once per run, not once per document.
   */
  readonly invariant?: boolean;
}

export interface CompiledValidation {
  readonly index: number;
  readonly expression: CompiledExpression;
  readonly message?: string;
  readonly messageExpression?: CompiledExpression;
  readonly path?: string;
  readonly pathExpression?: CompiledExpression;
  readonly forEach?: CompiledExpression;
  /** Name the forEach item is bound to (default `item`). */
  readonly as: string;
}

/** A loaded, validated rule with every expression compiled: what the evaluator runs. */
export interface CompiledRule extends RuleMetadata {
  readonly apiVersion: string;
  readonly match: RuleMatch;
  readonly matchConditions: readonly CompiledVariable[];
  readonly variables: readonly CompiledVariable[];
  /**
   * Cross-document values evaluated once per rule per evaluation run with only `documents` and
   * earlier aggregates in scope; every other expression reads them as `aggregates.<name>`.
   * Optional so hand-built rules need not list it; a rule with aggregates is cross-document.
   */
  readonly aggregates?: readonly CompiledVariable[];
  readonly validations: readonly CompiledValidation[];
  /** The rule file and the line of its `id`. */
  readonly source: SourcePoint;
  /** True when any expression uses `documents`: re-run over every document when any file changes. */
  readonly crossDocument: boolean;
  /** True when a matchCondition reads `variables`, so they are evaluated before the conditions. */
  readonly variablesFirst: boolean;
}

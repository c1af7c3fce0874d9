/**
 * Processing pipelines (pySigma's model): rule fields and values are rewritten at rule compile
 * time, before the index is built, so evaluation pays nothing. Pipelines apply in ascending
 * `priority` (stable for ties); a pipeline's transformations apply in file order. YAML files
 * are parsed by src/detect/pipelines/parse.ts; docs/detect.md §Pipelines.
 */
import { applyTransformation, renameCorrelationField } from './pipelines/apply.ts';
import type { Transformation } from './pipelines/types.ts';
import type { SigmaRule } from './rule.ts';

export interface FieldMappingPipeline {
  readonly name: string;
  /**
   * Sigma field name → event field name. Applied to rules (and correlation fields) when
   * `transformations` is absent.
   */
  readonly fieldNameMapping: Readonly<Record<string, string>>;
  /** Lower runs first; default 0. */
  readonly priority?: number;
  /** Full pySigma-style transformations (from parsePipeline); replace `fieldNameMapping` for rules. */
  readonly transformations?: readonly Transformation[];
}

/**
 * A correlation's group-by/value field renamed as the pipelines rename that field in `rule` (the
 * referenced base rule; undefined for a correlation over correlations): logsource-conditional
 * mappings then apply exactly where they apply to the rule's own detection items.
 */
export function renameFieldForRule(
  field: string,
  rule: SigmaRule | undefined,
  pipelines: readonly FieldMappingPipeline[],
): string {
  return steps(pipelines).reduce((f, t) => renameCorrelationField(f, rule, t), field);
}

function steps(pipelines: readonly FieldMappingPipeline[]): Transformation[] {
  return pipelines
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.priority ?? 0) - (b.p.priority ?? 0) || a.i - b.i)
    .flatMap(({ p }) => p.transformations ?? [mappingStep(p.fieldNameMapping)]);
}

export function applyPipelines(
  rules: readonly SigmaRule[],
  pipelines: readonly FieldMappingPipeline[],
): readonly SigmaRule[] {
  if (pipelines.length === 0) return rules;
  const ordered = steps(pipelines);
  return rules.map((r) => ordered.reduce(applyTransformation, r));
}

function mappingStep(mapping: Readonly<Record<string, string>>): Transformation {
  return {
    type: 'field_name_mapping',
    mapping: Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, [v]])),
    id: undefined,
    ruleConditions: [],
    ruleCondOp: 'and',
    fieldConditions: [],
    fieldCondOp: 'and',
    itemConditions: [],
    itemCondOp: 'and',
  };
}

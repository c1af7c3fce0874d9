/**
 * Processing pipelines (pySigma's model): rule fields and values are rewritten at rule compile
 * time, before the index is built, so evaluation pays nothing. Pipelines apply in ascending
 * `priority` (stable for ties); a pipeline's transformations apply in file order. YAML files
 * are parsed by src/detect/pipelines/parse.ts; docs/detect.md §Pipelines.
 */
import { applyTransformation } from './pipelines/apply.ts';
import type { Transformation } from './pipelines/types.ts';
import type { SigmaRule } from './rule.ts';

export interface FieldMappingPipeline {
  readonly name: string;
  /**
   * Sigma field name → event field name. Applied to rules when `transformations` is absent;
   * correlations always read it to rename their group-by and value fields.
   */
  readonly fieldNameMapping: Readonly<Record<string, string>>;
  /** Lower runs first; default 0. */
  readonly priority?: number;
  /** Full pySigma-style transformations (from parsePipeline); replace `fieldNameMapping` for rules. */
  readonly transformations?: readonly Transformation[];
}

export function applyPipelines(
  rules: readonly SigmaRule[],
  pipelines: readonly FieldMappingPipeline[],
): readonly SigmaRule[] {
  if (pipelines.length === 0) return rules;
  const ordered = pipelines
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.priority ?? 0) - (b.p.priority ?? 0) || a.i - b.i)
    .map(({ p }) => p);
  const steps = ordered.flatMap((p) => p.transformations ?? [mappingStep(p.fieldNameMapping)]);
  return rules.map((r) => steps.reduce(applyTransformation, r));
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

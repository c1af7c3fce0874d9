/**
 * Processing pipelines in pySigma's YAML form, after validation: each transformation knows which
 * rules (logsource conditions) and which detection items (field conditions) it applies to.
 */
import type { MatchNode } from '../nodes.ts';

/** `logsource` rule condition: every key given must equal the rule's (case-insensitive). */
export interface LogsourceCondition {
  readonly type: 'logsource';
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

/** `include_fields` / `exclude_fields`: whether a detection item's field is listed. */
export interface FieldCondition {
  readonly type: 'include_fields' | 'exclude_fields';
  readonly fields: readonly string[];
}

/** `match_string`: some string value of the detection item matches the pattern. */
export interface ItemCondition {
  readonly type: 'match_string';
  readonly pattern: RegExp;
  readonly negate: boolean;
}

export type CondOp = 'and' | 'or';

export type TransformationKind =
  | { readonly type: 'field_name_mapping'; readonly mapping: Readonly<Record<string, readonly string[]>> }
  | { readonly type: 'field_name_prefix'; readonly prefix: string }
  | { readonly type: 'field_name_suffix'; readonly suffix: string }
  /** `conditions` compiled like a selection; `negated` adds `not (conditions)`. */
  | { readonly type: 'add_condition'; readonly node: MatchNode; readonly negated: boolean }
  | { readonly type: 'replace_string'; readonly regex: RegExp; readonly replacement: string }
  | { readonly type: 'drop_detection_item' };

export type Transformation = TransformationKind & {
  readonly id: string | undefined;
  readonly ruleConditions: readonly LogsourceCondition[];
  readonly ruleCondOp: CondOp;
  readonly fieldConditions: readonly FieldCondition[];
  readonly fieldCondOp: CondOp;
  readonly itemConditions: readonly ItemCondition[];
  readonly itemCondOp: CondOp;
};

export const TRANSFORMATION_TYPES = [
  'field_name_mapping',
  'field_name_prefix',
  'field_name_suffix',
  'add_condition',
  'replace_string',
  'drop_detection_item',
] as const;

/** A problem in a pipeline file, with the YAML path of the offending field. */
export interface PipelineProblem {
  readonly file: string;
  readonly line: number;
  /** e.g. `transformations[2].type`. */
  readonly field: string;
  readonly message: string;
}

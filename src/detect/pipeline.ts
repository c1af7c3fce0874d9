/**
 * A first processing-pipeline step: pySigma's `field_name_mapping` (rule field → event field).
 * Fuller pipelines (prefixes, conditions, value rewrites) come with a later issue.
 */
import { and, atLeast, type MatchNode, not, or } from './nodes.ts';
import type { SigmaRule } from './rule.ts';

export interface FieldMappingPipeline {
  readonly name: string;
  /** Sigma field name → event field name. */
  readonly fieldNameMapping: Readonly<Record<string, string>>;
}

export function applyPipelines(
  rules: readonly SigmaRule[],
  pipelines: readonly FieldMappingPipeline[],
): readonly SigmaRule[] {
  if (pipelines.length === 0) return rules;
  const map = (field: string): string => {
    let f = field;
    for (const p of pipelines) f = p.fieldNameMapping[f] ?? f;
    return f;
  };
  return rules.map((r) => Object.freeze({ ...r, match: remap(r.match, map) }));
}

function remap(node: MatchNode, map: (field: string) => string): MatchNode {
  switch (node.kind) {
    case 'and':
      return and(node.children.map((c) => remap(c, map)));
    case 'or':
      return or(node.children.map((c) => remap(c, map)));
    case 'atLeast':
      return atLeast(
        node.n,
        node.children.map((c) => remap(c, map)),
      );
    case 'not':
      return not(remap(node.child, map));
    case 'field':
    case 'exists':
    case 'null':
      return Object.freeze({ ...node, field: map(node.field) });
    default:
      return node;
  }
}

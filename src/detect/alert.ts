/** Alerts: what a matching rule reports, with a deterministic dedup key. */
import { createHash } from 'node:crypto';
import type { CorrelationDetails } from './correlation/types.ts';
import { evaluate, type KeywordOptions } from './evaluate.ts';
import type { EventView } from './event-view.ts';
import type { MatchNode } from './nodes.ts';
import type { SigmaRule } from './rule.ts';
import type { SigmaLevel } from './types.ts';

/** Where the event came from; `index` counts pushes from 0 within one detector. */
export interface EventRef {
  readonly index: number;
  readonly source?: string;
  readonly line?: number;
}

export interface Alert {
  readonly ruleId: string | undefined;
  readonly title: string;
  /** The rule's `description` (absent when the rule has none, and on correlation alerts). */
  readonly description?: string;
  readonly level: SigmaLevel | undefined;
  readonly tags: readonly string[];
  readonly attack: readonly string[];
  /** Fields whose tests matched, with the event's values (keyword hits are not listed). */
  readonly matched: Readonly<Record<string, unknown>>;
  readonly event: EventRef;
  /** sha256 of rule identity + matched field values: the same detection on the same data → same key. */
  readonly dedupKey: string;
  readonly ruleFile: string;
  /** Only on correlation alerts: type, group-by values, aggregate, window times, contributing events. */
  readonly correlation?: CorrelationDetails;
}

export function buildAlert(rule: SigmaRule, ev: EventView, ref: EventRef, opts: KeywordOptions): Alert {
  const matched: Record<string, unknown> = {};
  collectMatched(rule.match, ev, opts, matched);
  const identity = rule.id ?? `${rule.origin.file}:${rule.origin.line}`;
  const keys = Object.keys(matched).sort();
  const dedupKey = createHash('sha256')
    .update(JSON.stringify([identity, keys.map((k) => [k, matched[k]])]))
    .digest('hex')
    .slice(0, 32);
  return {
    ruleId: rule.id,
    title: rule.title,
    ...(rule.description !== undefined ? { description: rule.description } : {}),
    level: rule.level,
    tags: rule.tags,
    attack: rule.attack,
    matched,
    event: ref,
    dedupKey,
    ruleFile: rule.origin.file,
  };
}

/** Fields on the positive path of the match (children under `not` explain nothing). */
function collectMatched(
  node: MatchNode,
  ev: EventView,
  opts: KeywordOptions,
  out: Record<string, unknown>,
): void {
  switch (node.kind) {
    case 'and':
    case 'or':
    case 'atLeast':
      for (const c of node.children) if (evaluate(c, ev, opts)) collectMatched(c, ev, opts, out);
      return;
    case 'field':
    case 'exists':
      if (evaluate(node, ev, opts)) {
        const v = ev.get(node.field);
        if (v.present) out[node.field] = v.raw.length === 1 ? v.raw[0] : v.raw;
      }
      return;
    default:
      return;
  }
}

import type { InputDocument, InputType } from '../../inputs/document.ts';
import type { CompiledRule } from '../types.ts';

interface TypeIndex {
  /** Rules with no selector: every document of the input type. */
  readonly any: CompiledRule[];
  readonly byKind: Map<string, CompiledRule[]>;
  /** Kubernetes `Workload`: every document with a pod spec. */
  readonly workload: CompiledRule[];
  readonly byResourceType: Map<string, CompiledRule[]>;
  readonly byDataType: Map<string, CompiledRule[]>;
  readonly byBlockType: Map<string, CompiledRule[]>;
}

function push<K>(map: Map<K, CompiledRule[]>, key: K, rule: CompiledRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

/**
 * Rules indexed by input type and selector, so each document is evaluated only against the
 * rules whose `match` selects it (a 10,000-manifest scan must not try every rule on every doc).
 */
export class RuleIndex {
  private readonly byType = new Map<InputType, TypeIndex>();
  private readonly order = new Map<CompiledRule, number>();
  /** Selection depends only on type, kind, block type and pod spec presence: memoise it. */
  private readonly memo = new Map<string, CompiledRule[]>();

  constructor(rules: readonly CompiledRule[]) {
    rules.forEach((rule, i) => {
      this.order.set(rule, i);
      let index = this.byType.get(rule.match.input);
      if (!index) {
        index = {
          any: [],
          byKind: new Map(),
          workload: [],
          byResourceType: new Map(),
          byDataType: new Map(),
          byBlockType: new Map(),
        };
        this.byType.set(rule.match.input, index);
      }
      const m = rule.match;
      const selectors =
        (m.kinds?.length ?? 0) +
        (m.resourceTypes?.length ?? 0) +
        (m.dataTypes?.length ?? 0) +
        (m.blockTypes?.length ?? 0);
      if (selectors === 0) index.any.push(rule);
      for (const kind of m.kinds ?? []) {
        if (kind === 'Workload' && m.input === 'kubernetes') index.workload.push(rule);
        else push(index.byKind, kind, rule);
      }
      for (const t of m.resourceTypes ?? []) push(index.byResourceType, t, rule);
      for (const t of m.dataTypes ?? []) push(index.byDataType, t, rule);
      for (const t of m.blockTypes ?? []) push(index.byBlockType, t, rule);
    });
  }

  /** The rules selecting `doc`, in load order, each once. */
  rulesFor(doc: InputDocument): CompiledRule[] {
    const index = this.byType.get(doc.type);
    if (!index) return [];
    const key = `${doc.type}\u0000${doc.kind}\u0000${doc.blockType ?? ''}\u0000${index.workload.length > 0 && isWorkload(doc)}`;
    let rules = this.memo.get(key);
    if (!rules) {
      rules = this.select(index, doc);
      this.memo.set(key, rules);
    }
    return rules;
  }

  private select(index: TypeIndex, doc: InputDocument): CompiledRule[] {
    const parts: (readonly CompiledRule[] | undefined)[] = [index.any, index.byKind.get(doc.kind)];
    if (index.workload.length > 0 && isWorkload(doc)) parts.push(index.workload);
    if (doc.blockType === 'resource') parts.push(index.byResourceType.get(doc.kind));
    if (doc.blockType === 'data') parts.push(index.byDataType.get(doc.kind));
    if (doc.blockType !== undefined) parts.push(index.byBlockType.get(doc.blockType));
    const nonEmpty = parts.filter((p): p is readonly CompiledRule[] => p !== undefined && p.length > 0);
    if (nonEmpty.length === 1) return nonEmpty[0] as CompiledRule[];
    const set = new Set<CompiledRule>();
    for (const p of nonEmpty) for (const r of p) set.add(r);
    return [...set].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }
}

export function isWorkload(doc: InputDocument): boolean {
  const podSpec = doc.extras.podSpec;
  return (
    (podSpec !== null && podSpec !== undefined) ||
    (typeof doc.extras.podSpecPath === 'string' && doc.extras.podSpecPath !== '')
  );
}

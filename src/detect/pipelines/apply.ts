/**
 * Apply validated transformations to compiled rules. Detection items are the leaves of the match
 * tree that name a field (`field`, `exists`, `null`) plus keyword searches; the tree is rebuilt,
 * never mutated, so the same loaded rules can feed detectors with different pipelines.
 */
import { compileMulti } from '../multi-match.ts';
import { and, atLeast, constant, type MatchNode, not, or, type ValueTest } from '../nodes.ts';
import type { SigmaRule } from '../rule.ts';
import type { StringMatcher } from '../string-match.ts';
import type { FieldCondition, ItemCondition, LogsourceCondition, Transformation } from './types.ts';

type Leaf = Extract<MatchNode, { kind: 'field' | 'exists' | 'null' | 'keyword' }>;

export function applyTransformation(rule: SigmaRule, t: Transformation): SigmaRule {
  if (!ruleApplies(rule, t)) return rule;
  if (t.type === 'add_condition') {
    const extra = t.negated ? not(t.node) : t.node;
    return Object.freeze({ ...rule, match: and([extra, rule.match]) });
  }
  const walked = walk(rule.match, (leaf) => (itemApplies(leaf, t) ? rewrite(leaf, t) : leaf));
  // A detection whose every item was dropped matches everything, as an empty selection would.
  return Object.freeze({ ...rule, match: walked ?? constant(true) });
}

/**
 * A correlation's group-by or value field as `t` renames it for the base rule it reads: the same
 * rule (logsource) and field conditions as for detection items. There is no value to test, so
 * item conditions (`match_string`) never apply, and a one-to-many mapping (an OR of fields for a
 * detection item) leaves a group-by field unchanged. `rule` undefined (a correlation over
 * correlations): only transformations without rule conditions apply.
 */
export function renameCorrelationField(
  field: string,
  rule: SigmaRule | undefined,
  t: Transformation,
): string {
  if (t.itemConditions.length > 0) return field;
  if (rule ? !ruleApplies(rule, t) : t.ruleConditions.length > 0) return field;
  if (!fieldApplies(field, t)) return field;
  switch (t.type) {
    case 'field_name_mapping': {
      const to = t.mapping[field];
      return to?.length === 1 && to[0] ? to[0] : field;
    }
    case 'field_name_prefix':
      return t.prefix + field;
    case 'field_name_suffix':
      return field + t.suffix;
    default:
      return field;
  }
}

function ruleApplies(rule: SigmaRule, t: Transformation): boolean {
  if (t.ruleConditions.length === 0) return true;
  const hit = (c: LogsourceCondition): boolean =>
    (['product', 'category', 'service'] as const).every(
      (k) => c[k] === undefined || rule.logsource[k]?.toLowerCase() === c[k],
    );
  return t.ruleCondOp === 'and' ? t.ruleConditions.every(hit) : t.ruleConditions.some(hit);
}

function fieldApplies(field: string | undefined, t: Transformation): boolean {
  if (t.fieldConditions.length === 0) return true;
  const hit = (c: FieldCondition): boolean => {
    const listed = field !== undefined && c.fields.includes(field);
    return c.type === 'include_fields' ? listed : !listed;
  };
  return t.fieldCondOp === 'and' ? t.fieldConditions.every(hit) : t.fieldConditions.some(hit);
}

function itemApplies(leaf: Leaf, t: Transformation): boolean {
  if (!fieldApplies(leaf.kind === 'keyword' ? undefined : leaf.field, t)) return false;
  if (t.itemConditions.length > 0) {
    const texts = leafStrings(leaf);
    const hit = (c: ItemCondition): boolean => texts.some((s) => c.pattern.test(s)) !== c.negate;
    if (!(t.itemCondOp === 'and' ? t.itemConditions.every(hit) : t.itemConditions.some(hit))) return false;
  }
  return true;
}

/** The rewritten leaf, or null when the transformation drops it. */
function rewrite(leaf: Leaf, t: Transformation): MatchNode | null {
  switch (t.type) {
    case 'drop_detection_item':
      return null;
    case 'field_name_mapping': {
      if (leaf.kind === 'keyword') return leaf;
      const mapped = withFieldrefs(leaf, (f) => t.mapping[f] ?? [f]);
      const to = t.mapping[leaf.field];
      if (!to) return mapped;
      // One-to-many: the item matches when any of the mapped fields does (pySigma's OR).
      return or(to.map((field) => Object.freeze({ ...mapped, field }) as MatchNode));
    }
    case 'field_name_prefix':
      return leaf.kind === 'keyword'
        ? leaf
        : Object.freeze({ ...withFieldrefs(leaf, (f) => [t.prefix + f]), field: t.prefix + leaf.field });
    case 'field_name_suffix':
      return leaf.kind === 'keyword'
        ? leaf
        : Object.freeze({ ...withFieldrefs(leaf, (f) => [f + t.suffix]), field: leaf.field + t.suffix });
    case 'replace_string':
      if (leaf.kind !== 'field' && leaf.kind !== 'keyword') return leaf;
      return Object.freeze({ ...leaf, test: replaceIn(leaf.test, t.regex, t.replacement) });
    default:
      return leaf;
  }
}

/**
 * `fieldref` values name rule fields too, so they are renamed like the item's own field. A
 * one-to-many target keeps its first mapping: the values are matched position by position, so
 * alternatives cannot be expressed without multiplying the item.
 */
function withFieldrefs<L extends Exclude<Leaf, { kind: 'keyword' }>>(
  leaf: L,
  to: (f: string) => readonly string[],
): L {
  if (leaf.kind !== 'field' || leaf.test.kind !== 'fieldref') return leaf;
  const fields = leaf.test.fields.map((f) => to(f)[0] ?? f);
  // Same leaf kind with only the referenced fields changed.
  return Object.freeze({ ...leaf, test: Object.freeze({ ...leaf.test, fields }) }) as unknown as L;
}

function replaceIn(test: ValueTest, regex: RegExp, replacement: string): ValueTest {
  if (test.kind !== 'string') return test;
  // Case-insensitive matchers hold lowercased text: keep that invariant after the rewrite.
  // the regex must then match case-insensitively too, or `^C:` would never see `c:`.
  const re = test.cased || regex.flags.includes('i') ? regex : new RegExp(regex.source, `${regex.flags}i`);
  const fix = (s: string): string => {
    const r = s.replace(re, replacement);
    return test.cased ? r : r.toLowerCase();
  };
  const matchers = test.matchers.map((m): StringMatcher => {
    if (m.kind !== 'glob') return Object.freeze({ kind: m.kind, text: fix(m.text) });
    // Only segments without `?` positions can change length safely.
    const segments = m.segments.map((s) => (s.any ? s : { chars: fix(s.chars), any: undefined }));
    return Object.freeze({ ...m, segments });
  });
  return Object.freeze({ ...test, matchers, multi: test.cased ? undefined : compileMulti(matchers) });
}

function leafStrings(leaf: Leaf): string[] {
  if ((leaf.kind !== 'field' && leaf.kind !== 'keyword') || leaf.test.kind !== 'string') return [];
  return leaf.test.matchers.map((m) =>
    m.kind === 'glob' ? m.segments.map((s) => s.chars).join('*') : m.text,
  );
}

/** Rebuild the tree with `f` applied to every leaf; dropped leaves vanish from their parent. */
function walk(node: MatchNode, f: (leaf: Leaf) => MatchNode | null): MatchNode | null {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const kids = node.children.map((c) => walk(c, f)).filter((c): c is MatchNode => c !== null);
      if (kids.length === 0) return null;
      return node.kind === 'and' ? and(kids) : or(kids);
    }
    case 'atLeast': {
      const kids = node.children.map((c) => walk(c, f)).filter((c): c is MatchNode => c !== null);
      if (kids.length === 0) return null;
      return atLeast(Math.min(node.n, kids.length), kids);
    }
    case 'not': {
      const child = walk(node.child, f);
      return child === null ? null : not(child);
    }
    case 'const':
      return node;
    default:
      return f(node);
  }
}

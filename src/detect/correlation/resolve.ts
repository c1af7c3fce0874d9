/**
 * Resolve correlation references (spec §Related rules: by `id` or `name`, possibly another
 * correlation — chains) and aliases (spec §Field Name Aliases). A correlation whose references
 * are unknown, rejected, or form a cycle is rejected with the reason; the rest come out in
 * dependency order (a correlation after every correlation it reads).
 */
import type { SigmaRule } from '../rule.ts';
import type { CorrelationRule, ParsedCorrelation, RuleKey } from './types.ts';

export interface Unresolved {
  readonly correlation: ParsedCorrelation;
  readonly reason: string;
  /** YAML path for the line number. */
  readonly path: readonly string[];
}

export function ruleKey(rule: {
  readonly id: string | undefined;
  readonly origin: { file: string; line: number };
}): RuleKey {
  return rule.id ?? `${rule.origin.file}:${rule.origin.line}`;
}

interface Named {
  readonly key: RuleKey;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly file: string;
}

export function resolveCorrelations(
  parsed: readonly ParsedCorrelation[],
  rules: readonly SigmaRule[],
): { correlations: CorrelationRule[]; rejected: Unresolved[] } {
  const known: Named[] = [
    ...rules.map((r) => ({ key: ruleKey(r), id: r.id, name: r.name, file: r.origin.file })),
    ...parsed.map((c) => ({ key: ruleKey(c), id: c.id, name: c.name, file: c.origin.file })),
  ];
  const byId = new Map<string, Named>();
  for (const k of known) if (k.id !== undefined && !byId.has(k.id)) byId.set(k.id, k);
  const byName = new Map<string, Named[]>();
  for (const k of known) if (k.name !== undefined) byName.set(k.name, [...(byName.get(k.name) ?? []), k]);
  const lookup = (ref: string, file: string): Named | string => {
    const hit = byId.get(ref);
    if (hit) return hit;
    const named = byName.get(ref) ?? [];
    // Spec: names are unique per correlation; prefer the same file, then a unique global name.
    const local = named.filter((n) => n.file === file);
    if (local.length === 1) return local[0] as Named;
    if (local.length > 1 || named.length > 1)
      return `rule name '${ref}' is ambiguous (defined more than once)`;
    if (named.length === 1) return named[0] as Named;
    return `references unknown rule '${ref}' (no loaded rule or correlation has this id or name)`;
  };

  const rejected: Unresolved[] = [];
  const staged = new Map<RuleKey, { corr: ParsedCorrelation; targets: Named[] }>();
  for (const c of parsed) {
    const targets: Named[] = [];
    let problem: string | undefined;
    for (const ref of c.refs) {
      const t = lookup(ref, c.origin.file);
      if (typeof t === 'string') {
        problem = t;
        break;
      }
      if (t.key === ruleKey(c)) {
        problem = `references itself ('${ref}')`;
        break;
      }
      targets.push(t);
    }
    if (problem === undefined && new Set(targets.map((t) => t.key)).size !== targets.length)
      problem = "'correlation.rules' names the same rule twice (by id and by name)";
    problem ??= checkAliases(c, targets);
    if (problem !== undefined)
      rejected.push({ correlation: c, reason: problem, path: ['correlation', 'rules'] });
    else staged.set(ruleKey(c), { corr: c, targets });
  }

  // Dependency order; drop correlations that read rejected correlations or sit on a cycle.
  const corrKeys = new Set(parsed.map((c) => ruleKey(c)));
  const out: CorrelationRule[] = [];
  const state = new Map<RuleKey, 'visiting' | 'done' | 'bad'>();
  const visit = (key: RuleKey, path: RuleKey[]): boolean => {
    const s = state.get(key);
    if (s === 'done') return true;
    if (s === 'bad') return false;
    const entry = staged.get(key);
    if (!entry) return false;
    if (s === 'visiting') return false;
    state.set(key, 'visiting');
    for (const t of entry.targets) {
      if (!corrKeys.has(t.key)) continue;
      if (state.get(t.key) === 'visiting' || !visit(t.key, [...path, key])) {
        state.set(key, 'bad');
        const cycle = state.get(t.key) === 'visiting' || path.includes(t.key);
        rejected.push({
          correlation: entry.corr,
          reason: cycle
            ? `correlation chain is circular (through '${t.name ?? t.key}')`
            : `references correlation '${t.name ?? t.key}', which was rejected`,
          path: ['correlation', 'rules'],
        });
        return false;
      }
    }
    state.set(key, 'done');
    out.push(build(entry.corr, entry.targets));
    return true;
  };
  for (const c of parsed) if (staged.has(ruleKey(c))) visit(ruleKey(c), []);
  return { correlations: out, rejected };
}

function checkAliases(c: ParsedCorrelation, targets: readonly Named[]): string | undefined {
  for (const [alias, map] of Object.entries(c.aliases)) {
    for (const r of Object.keys(map)) {
      if (!targets.some((t) => t.name === r || t.id === r))
        return `alias '${alias}' maps '${r}', which is not a rule of 'correlation.rules' (aliases name rules by 'name')`;
    }
    if (!c.groupBy.includes(alias)) continue;
    for (const t of targets) {
      if (fieldFor(c, alias, t) === undefined)
        return `alias '${alias}' gives no field for rule '${t.name ?? t.id ?? t.key}'`;
    }
  }
  return undefined;
}

function fieldFor(c: ParsedCorrelation, groupField: string, t: Named): string | undefined {
  const map = c.aliases[groupField];
  if (!map) return groupField;
  return (t.name !== undefined ? map[t.name] : undefined) ?? (t.id !== undefined ? map[t.id] : undefined);
}

function build(c: ParsedCorrelation, targets: readonly Named[]): CorrelationRule {
  return Object.freeze({
    ...c,
    key: ruleKey(c),
    targets: Object.freeze(targets.map((t) => t.key)),
    groupFields: Object.freeze(
      targets.map((t) => Object.freeze(c.groupBy.map((g) => fieldFor(c, g, t) ?? g))),
    ),
  });
}

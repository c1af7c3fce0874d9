/**
 * What an event must contain for a rule to possibly match — a disjunction of atoms extracted from
 * the match tree. The index only evaluates a rule when one of its atoms fires; rules without a
 * usable requirement are always evaluated. Atoms are necessary conditions, so this never loses
 * a match (checked by the index test against brute force).
 */
import type { MatchNode, ValueTest } from './nodes.ts';
import { regexLiteral } from './regex-literal.ts';
import { regexBigrams } from './regex-shape.ts';
import { requiredLiteral } from './string-match.ts';

/**
 * `eq`: the field's lowercase value equals `text`. `sub`: it contains `text` (`field` '*' = any
 * value). `prefix` / `suffix`: it starts / ends with `text` (vetoes only: `vetoes.ts`).
 */
export type Atom = {
  readonly kind: 'eq' | 'sub' | 'prefix' | 'suffix';
  readonly field: string;
  readonly text: string;
};

const MIN_LITERAL = 3;

/** At most this many AND-ed clauses per rule are indexed (a bitmask per rule tracks them). */
export const MAX_CLAUSES = 4;

/**
 * Necessary conditions as AND-ed clauses, each an OR of atoms (conjunctive normal form, partial):
 * a rule can only match when every clause has an atom present in the event. `[]` = no usable
 * requirement (always evaluate).
 */
export function requirementClauses(node: MatchNode): Atom[][] {
  // Keep the most selective clauses: the index needs only a few to skip almost every rule.
  return dedupe(clauses(node)).slice(0, MAX_CLAUSES);
}

/** Clauses per node, most selective first. */
function clauses(node: MatchNode): Atom[][] {
  switch (node.kind) {
    case 'and':
      return node.children.flatMap(clauses).sort(bySelectivity);
    case 'or':
    case 'atLeast': {
      // (a1 ∧ a2) ∨ (b1 ∧ b2) implies (a1 ∨ b1) ∧ (a2 ∨ b2): the j-th clause takes each
      // alternative's j-th best clause (or its last), so a `1 of selection_*` over AND-ed
      // selections keeps several clauses instead of one weak disjunction.
      const parts = node.children.map(clauses);
      if (parts.some((p) => p.length === 0)) return [];
      const width = Math.min(MAX_CLAUSES, Math.max(...parts.map((p) => p.length)));
      const out: Atom[][] = [];
      for (let j = 0; j < width; j++) out.push(parts.flatMap((p) => p[Math.min(j, p.length - 1)] as Atom[]));
      return out.sort(bySelectivity);
    }
    case 'const':
      return node.value ? [] : [[]];
    default: {
      const single = requirements(node);
      return single === null ? [] : [single];
    }
  }
}

const bySelectivity = (a: readonly Atom[], b: readonly Atom[]): number => score(b) - score(a);

/** Drops repeated clauses (the same alternative reached twice adds no filtering). */
function dedupe(list: Atom[][]): Atom[][] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = c
      .map((a) => `${a.kind}\u0000${a.field}\u0000${a.text}`)
      .sort()
      .join('\u0001');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One disjunction of atoms that must hold, or null when none can be derived. */
export function requirements(node: MatchNode): Atom[] | null {
  switch (node.kind) {
    case 'and': {
      let best: Atom[] | null = null;
      for (const c of node.children) {
        const r = requirements(c);
        if (r !== null && (best === null || score(r) > score(best))) best = r;
      }
      return best;
    }
    case 'or':
    case 'atLeast': {
      const out: Atom[] = [];
      for (const c of node.children) {
        const r = requirements(c);
        if (r === null) return null;
        out.push(...r);
      }
      return out;
    }
    case 'const':
      return node.value ? null : [];
    case 'field':
      return node.neq ? null : fromTest(node.field, node.test, node.all);
    case 'keyword':
      return fromTest('*', node.test, node.all);
    default:
      return null;
  }
}

/** Characters rare in log text: a literal containing one is selective even when short. */
const RARE = new Set([...'`^%$~{}|;&<>!@#']);

/**
 * Selective enough to index: three characters; a short literal with a rare or non-ASCII character
 * (Dosfuscation `^^`, emoji); or two characters that are not both alphanumeric (`-f`).
 */
const usable = (lit: string): boolean => {
  if (lit.length >= MIN_LITERAL) return true;
  if (lit.length === 0) return false;
  if ([...lit].some((c) => RARE.has(c) || c.charCodeAt(0) > 127)) return true;
  return lit.length === 2 && !/^[a-z0-9]+$/.test(lit);
};

/**
 * Strings one of which every match of the regex contains: its literal, else the two-character
 * strings of adjacent single-character items (`\.[ "']`), when every one of them is selective.
 */
function regexTexts(source: string): string[] | undefined {
  const lit = regexLiteral(source);
  if (usable(lit)) return [lit];
  const bigrams = regexBigrams(source);
  return bigrams?.every(usable) ? bigrams : undefined;
}

function fromTest(field: string, test: ValueTest, all: boolean): Atom[] | null {
  if (test.kind === 'regex') {
    const atoms: Atom[] = [];
    for (const r of test.regexes) {
      const texts = regexTexts(r.source);
      if (texts !== undefined) {
        const found = texts.map((text): Atom => ({ kind: 'sub', field, text }));
        if (all) return found;
        atoms.push(...found);
      } else if (!all) return null;
    }
    return all ? null : atoms;
  }
  if (test.kind !== 'string') return null;
  const atoms: Atom[] = [];
  for (const m of test.matchers) {
    let atom: Atom | null;
    if (m.kind === 'eq' && field !== '*' && !test.windash)
      atom = { kind: 'eq', field, text: m.text.toLowerCase() };
    else {
      let lit = requiredLiteral(m).toLowerCase();
      // windash: the dash position may be any of five characters, so use the longest dash-free run.
      if (test.windash) lit = lit.split('-').reduce((a, b) => (b.length > a.length ? b : a), '');
      atom = usable(lit) ? { kind: 'sub', field, text: lit } : null;
    }
    if (all) {
      if (atom) return [atom]; // every item must match, so any one item's literal is necessary
    } else {
      if (!atom) return null;
      atoms.push(atom);
    }
  }
  return all ? null : atoms;
}

/** Higher is more selective: exact values beat substrings, longer literals beat shorter, few beats many. */
function score(atoms: readonly Atom[]): number {
  if (atoms.length === 0) return Number.POSITIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (const a of atoms) {
    // Short exact values (EventID: 1) are common across events, so weigh length, not kind alone.
    const s = a.kind === 'eq' ? Math.min(2 * a.text.length + 4, 40) : Math.min(a.text.length, 20);
    min = Math.min(min, a.field === '*' ? s - 5 : s);
  }
  return min - Math.log2(atoms.length);
}

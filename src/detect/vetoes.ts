/**
 * Vetoes: atoms any one of which, found in the event, proves the rule false — the mirror image of
 * `requirements.ts`. Most rules end in `and not 1 of filter_*`, and rules without a usable
 * requirement (`not`-only, fieldref, regex without a literal) would otherwise be evaluated on
 * every event of their logsource: a filter value the index sees (`Image|contains: '\'`,
 * `OriginalFileName: 'cmd.exe'`) rules them out in the same Aho–Corasick pass.
 *
 * A requirement atom only needs to be *necessary*; a veto atom must be *sufficient* for the test it
 * stands for: when it fires, the field test is true. So only tests the index reads exactly qualify:
 * case-insensitive plain `contains`, `startswith`, `endswith` and equality on a named field (no
 * wildcards, no `windash`, no `cased`, no `|all`); the automaton reports anchored patterns only
 * where the value starts or ends with them. The index reads `ſ` as `s` (as case-insensitive RE2
 * does), which would make a veto fire where `toLowerCase` containment does not hold: it ignores
 * vetoes for events with an `ſ` in a scanned value (`PROBE_LONG_S`).
 */
import type { MatchNode, ValueTest } from './nodes.ts';
import type { Atom } from './requirements.ts';

/** More atoms than this per rule cost more marks per event than the evaluations they save. */
export const MAX_VETO_ATOMS = 64;

const KIND = { eq: 'eq', contains: 'sub', prefix: 'prefix', suffix: 'suffix' } as const;

/** Atoms each of which, present, makes `node` false. `[]`: none known. */
export function vetoAtoms(node: MatchNode): Atom[] {
  switch (node.kind) {
    case 'and':
      // Any false child makes the AND false.
      return node.children.flatMap(vetoAtoms);
    case 'not':
      return proofAtoms(node.child);
    case 'field':
      // `neq`: the field must differ from every value, so a value that matches disproves it.
      return node.neq ? exactAtoms(node.field, node.test, false) : [];
    default:
      return [];
  }
}

/** Atoms each of which, present, makes `node` true. */
function proofAtoms(node: MatchNode): Atom[] {
  switch (node.kind) {
    case 'or':
      return node.children.flatMap(proofAtoms);
    case 'atLeast':
      return node.n <= 1 ? node.children.flatMap(proofAtoms) : [];
    case 'and':
      return node.children.length === 1 ? proofAtoms(node.children[0] as MatchNode) : [];
    case 'not':
      return vetoAtoms(node.child);
    case 'field':
      return node.neq ? [] : exactAtoms(node.field, node.test, node.all);
    default:
      return [];
  }
}

/**
 * Atoms that fire exactly when one list item matches one value: the evaluator compares the
 * lowercased value (`includes` / `===`), the index scans it case-folded, which is the same text.
 */
function exactAtoms(field: string, test: ValueTest, all: boolean): Atom[] {
  if (test.kind !== 'string' || test.cased || test.windash || field === '*') return [];
  // `|all` (two or more items): one item present proves nothing about the others.
  if (all) return [];
  const atoms: Atom[] = [];
  for (const m of test.matchers) {
    // Wildcards, empty items and items the compiler did not lowercase are left to the evaluator.
    if (m.kind === 'glob' || m.text === '' || m.text !== m.text.toLowerCase()) continue;
    atoms.push({ kind: KIND[m.kind], field, text: m.text });
  }
  return atoms;
}

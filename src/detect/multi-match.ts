/**
 * Long value lists (`Image|endswith: [60 names]`) matched in one Aho–Corasick pass instead of one
 * string operation per list item: each hit is checked against its item's anchoring (exact,
 * prefix, suffix or contains) using where the hit ends.
 */
import { AhoCorasick } from './aho-corasick.ts';
import type { StringMatcher } from './string-match.ts';

/** Lists shorter than this are faster as plain string operations. */
export const MULTI_MIN_ITEMS = 6;

export interface MultiMatcher {
  readonly ac: AhoCorasick;
  /** Per list item: 0 eq, 1 prefix, 2 suffix, 3 contains; and its text length. */
  readonly kinds: Uint8Array;
  readonly lengths: Uint32Array;
}

const KIND = { eq: 0, prefix: 1, suffix: 2, contains: 3 } as const;

/** A multi-matcher for lowercase, non-empty, wildcard-free items; undefined when not applicable. */
export function compileMulti(matchers: readonly StringMatcher[]): MultiMatcher | undefined {
  if (matchers.length < MULTI_MIN_ITEMS) return undefined;
  // findEnd, not probe: no class automata (they would only cost load time and memory).
  const ac = new AhoCorasick({ classes: false });
  const kinds = new Uint8Array(matchers.length);
  const lengths = new Uint32Array(matchers.length);
  for (let i = 0; i < matchers.length; i++) {
    const m = matchers[i] as StringMatcher;
    if (m.kind === 'glob' || m.text === '') return undefined;
    kinds[i] = KIND[m.kind];
    lengths[i] = m.text.length;
    ac.add(m.text, i);
  }
  ac.build();
  return { ac, kinds, lengths };
}

/** Does any list item match the (lowercased) value? */
export function multiMatches(m: MultiMatcher, value: string): boolean {
  // No callback closure per call (tsx's keepNames makes each closure creation a defineProperty).
  return m.ac.findEnd(value, m.kinds, m.lengths);
}

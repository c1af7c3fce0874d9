/**
 * Compiled wildcard matchers. The common shapes (exact, prefix, suffix, contains) become plain
 * string operations; anything else splits on `*` into segments matched leftmost-first, which is
 * correct for globs and linear per segment (no backtracking blow-up).
 */
import { ANY_ONE, ANY_RUN, type Piece } from './wildcard.ts';

export type StringMatcher =
  | { readonly kind: 'eq'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'suffix'; readonly text: string }
  | { readonly kind: 'contains'; readonly text: string }
  | {
      readonly kind: 'glob';
      /** Segments between `*`; each is a string where `\u0000`-free `one` positions are listed. */
      readonly segments: readonly Segment[];
      readonly anchoredStart: boolean;
      readonly anchoredEnd: boolean;
    };

/** A run of characters without `*`; `any[i]` true means position i is a `?`. */
export interface Segment {
  readonly chars: string;
  readonly any: readonly boolean[] | undefined;
}

export function compileMatcher(pieces: readonly Piece[]): StringMatcher {
  const starts = pieces[0] === ANY_RUN;
  const ends = pieces.length > 0 && pieces[pieces.length - 1] === ANY_RUN;
  const inner = pieces.slice(starts ? 1 : 0, ends ? pieces.length - 1 : pieces.length);
  if (inner.every((p) => typeof p === 'string')) {
    const text = inner.join('');
    if (starts && ends) return Object.freeze({ kind: 'contains', text });
    if (starts) return Object.freeze({ kind: 'suffix', text });
    if (ends) return Object.freeze({ kind: 'prefix', text });
    return Object.freeze({ kind: 'eq', text });
  }
  const segments: Segment[] = [];
  let chars = '';
  let any: boolean[] = [];
  const flush = (): void => {
    segments.push({ chars, any: any.some(Boolean) ? any : undefined });
    chars = '';
    any = [];
  };
  for (const p of inner) {
    if (p === ANY_RUN) flush();
    else if (p === ANY_ONE) {
      chars += '?';
      any.push(true);
    } else {
      chars += p;
      for (let i = 0; i < p.length; i++) any.push(false);
    }
  }
  flush();
  return Object.freeze({ kind: 'glob', segments, anchoredStart: !starts, anchoredEnd: !ends });
}

export function matchString(m: StringMatcher, value: string): boolean {
  switch (m.kind) {
    case 'eq':
      return value === m.text;
    case 'prefix':
      return value.startsWith(m.text);
    case 'suffix':
      return value.endsWith(m.text);
    case 'contains':
      return value.includes(m.text);
    case 'glob':
      return matchGlob(m, value);
  }
}

function segmentAt(seg: Segment, value: string, at: number): boolean {
  if (at + seg.chars.length > value.length) return false;
  if (!seg.any) return value.startsWith(seg.chars, at);
  for (let i = 0; i < seg.chars.length; i++) {
    if (!seg.any[i] && value.charCodeAt(at + i) !== seg.chars.charCodeAt(i)) return false;
  }
  return true;
}

function findSegment(seg: Segment, value: string, from: number): number {
  if (!seg.any) return value.indexOf(seg.chars, from);
  for (let at = from; at + seg.chars.length <= value.length; at++) if (segmentAt(seg, value, at)) return at;
  return -1;
}

function matchGlob(m: Extract<StringMatcher, { kind: 'glob' }>, value: string): boolean {
  const segs = m.segments;
  let pos = 0;
  let first = 0;
  let last = segs.length;
  if (m.anchoredStart) {
    const s = segs[0] as Segment;
    if (!segmentAt(s, value, 0)) return false;
    pos = s.chars.length;
    first = 1;
  }
  let endLimit = value.length;
  if (m.anchoredEnd) {
    const s = segs[segs.length - 1] as Segment;
    // With one segment anchored both ends, the whole value must be exactly that segment.
    if (segs.length === 1 && m.anchoredStart) return value.length === s.chars.length;
    const at = value.length - s.chars.length;
    if (at < pos || !segmentAt(s, value, at)) return false;
    endLimit = at;
    last = segs.length - 1;
  }
  for (let i = first; i < last; i++) {
    const s = segs[i] as Segment;
    const at = findSegment(s, value, pos);
    if (at < 0 || at + s.chars.length > endLimit) return false;
    pos = at + s.chars.length;
  }
  return true;
}

/** Longest literal run a match must contain (for the prefilter); '' when none. */
export function requiredLiteral(m: StringMatcher): string {
  if (m.kind !== 'glob') return m.text;
  let best = '';
  for (const s of m.segments) {
    const runs = s.any
      ? s.chars
          .split('')
          .map((c, i) => (s.any?.[i] ? '\u0000' : c))
          .join('')
          .split('\u0000')
      : [s.chars];
    for (const r of runs) if (r.length > best.length) best = r;
  }
  return best;
}

/**
 * The compiled form of a rule: immutable nodes tagged by `kind`, built by the factories below.
 * A rule is compiled once; evaluation (evaluate.ts) walks these nodes and never throws.
 */
import type { Cidr } from './cidr.ts';
import type { MultiMatcher } from './multi-match.ts';
import type { SafeRegex } from './regex.ts';
import type { StringMatcher } from './string-match.ts';
import type { TimePart } from './time-parts.ts';

export type CompareOp = 'lt' | 'lte' | 'gt' | 'gte' | 'eq';

/** What one value list asks of one field's value(s). */
export type ValueTest =
  | {
      readonly kind: 'string';
      readonly matchers: readonly StringMatcher[];
      /** Compare case-sensitively (`cased`); otherwise both sides are lowercased. */
      readonly cased: boolean;
      /** Treat -, /, en dash, em dash and horizontal bar as one character (`windash`). */
      readonly windash: boolean;
      /** All items at once for long case-insensitive lists (multi-match.ts). */
      readonly multi: MultiMatcher | undefined;
    }
  | { readonly kind: 'regex'; readonly regexes: readonly SafeRegex[] }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly values: readonly number[] }
  | {
      readonly kind: 'time';
      readonly part: TimePart;
      readonly op: CompareOp;
      readonly values: readonly number[];
    }
  | { readonly kind: 'cidr'; readonly ranges: readonly Cidr[] }
  | {
      readonly kind: 'fieldref';
      readonly fields: readonly string[];
      readonly mode: 'eq' | 'prefix' | 'suffix' | 'contains';
      readonly cased: boolean;
    };

export type MatchNode =
  | { readonly kind: 'and'; readonly children: readonly MatchNode[] }
  | { readonly kind: 'or'; readonly children: readonly MatchNode[] }
  | { readonly kind: 'not'; readonly child: MatchNode }
  | { readonly kind: 'atLeast'; readonly n: number; readonly children: readonly MatchNode[] }
  | { readonly kind: 'const'; readonly value: boolean }
  /** Field present (possibly null/empty) when `present` is true, absent when false. */
  | { readonly kind: 'exists'; readonly field: string; readonly present: boolean }
  /** `Field: null`: the field is absent or null. */
  | { readonly kind: 'null'; readonly field: string }
  /**
   * A field test. `all`: every value of the list must match (else any). `neq`: the field must
   * differ from every value (absent fields differ).
   */
  | {
      readonly kind: 'field';
      readonly field: string;
      readonly test: ValueTest;
      readonly all: boolean;
      readonly neq: boolean;
    }
  /** Keyword (unbound) search over the event's string values; see docs/detect.md. */
  | { readonly kind: 'keyword'; readonly test: ValueTest; readonly all: boolean };

export const and = (children: readonly MatchNode[]): MatchNode =>
  children.length === 1
    ? (children[0] as MatchNode)
    : Object.freeze({ kind: 'and', children: Object.freeze([...children]) });
export const or = (children: readonly MatchNode[]): MatchNode =>
  children.length === 1
    ? (children[0] as MatchNode)
    : Object.freeze({ kind: 'or', children: Object.freeze([...children]) });
export const not = (child: MatchNode): MatchNode => Object.freeze({ kind: 'not', child });
export const atLeast = (n: number, children: readonly MatchNode[]): MatchNode =>
  Object.freeze({ kind: 'atLeast', n, children: Object.freeze([...children]) });
export const constant = (value: boolean): MatchNode => Object.freeze({ kind: 'const', value });

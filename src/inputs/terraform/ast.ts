import type { SourceRange } from '../../core/location.ts';

/**
 * A small HCL syntax tree, converted once from tree-sitter's concrete tree so evaluation is plain
 * JavaScript (no WebAssembly calls) and the tree-sitter tree can be freed right after parsing.
 */

/** Where a node sits: UTF-16 offsets into the file text (for exact source text) and a 1-based range. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly range: SourceRange;
}

/** A part of a template: literal text, an interpolated expression, or a directive we do not evaluate. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'interpolation'; readonly expr: Expr }
  | { readonly kind: 'directive' };

export type TraversalStep =
  | { readonly kind: 'attr'; readonly name: string }
  | { readonly kind: 'index'; readonly key: Expr }
  | { readonly kind: 'splat' };

export interface ObjectEntry {
  readonly key: Expr;
  readonly value: Expr;
  readonly span: Span;
}

export type Expr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly span: Span }
  | { readonly kind: 'template'; readonly parts: readonly TemplatePart[]; readonly span: Span }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'object'; readonly entries: readonly ObjectEntry[]; readonly span: Span }
  /** `var.x.y[0]`; also postfix steps on any other term via `base`. */
  | {
      readonly kind: 'traversal';
      readonly root: string;
      readonly steps: readonly TraversalStep[];
      readonly span: Span;
    }
  | {
      readonly kind: 'postfix';
      readonly base: Expr;
      readonly steps: readonly TraversalStep[];
      readonly span: Span;
    }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      /** `f(xs...)`: the last argument is expanded. */
      readonly expand: boolean;
      readonly span: Span;
    }
  | {
      readonly kind: 'conditional';
      readonly cond: Expr;
      readonly whenTrue: Expr;
      readonly whenFalse: Expr;
      readonly span: Span;
    }
  | { readonly kind: 'unary'; readonly op: string; readonly operand: Expr; readonly span: Span }
  | {
      readonly kind: 'binary';
      readonly op: string;
      readonly left: Expr;
      readonly right: Expr;
      readonly span: Span;
    }
  /** Anything we never evaluate (for expressions, syntax we do not model): always unknown. */
  | { readonly kind: 'opaque'; readonly span: Span };

export interface Attribute {
  readonly name: string;
  readonly value: Expr;
  readonly span: Span;
}

export interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
  readonly span: Span;
  /** True when tree-sitter reported an ERROR or MISSING node inside the block. */
  readonly hasError: boolean;
}

export interface Body {
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
}

/** One parsed HCL file: its top-level body plus the text every span points into. */
export interface HclFile {
  readonly path: string;
  readonly text: string;
  readonly body: Body;
}

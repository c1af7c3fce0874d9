import type { Node } from 'web-tree-sitter';
import type { SourceRange } from '../../core/location.ts';
import type { ParseProblem } from '../document.ts';
import type { Attribute, Block, Body, Expr, ObjectEntry, Span, TemplatePart, TraversalStep } from './ast.ts';
import { LineIndex } from './lines.ts';
import { stripHeredocIndent, unescapeQuoted, unescapeTemplate } from './strings.ts';

/**
 * Converts tree-sitter's concrete syntax tree into the small AST of ast.ts. Never throws:
 * shapes it does not understand become `opaque` expressions (unknown values), and nesting
 * deeper than MAX_DEPTH is cut off so hostile input cannot exhaust the stack.
 */
const MAX_DEPTH = 200;

const BINARY_OPERATORS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

export class CstConverter {
  private readonly lines: LineIndex;

  constructor(
    private readonly text: string,
    /** Whether the tree has any ERROR/MISSING node; when not, we skip asking each node. */
    private readonly broken: boolean,
  ) {
    this.lines = new LineIndex(text);
  }

  span(node: Node): Span {
    return this.lines.span(node.startIndex, node.endIndex);
  }

  body(node: Node, depth = 0): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    if (depth > MAX_DEPTH) return { attributes, blocks };
    for (const child of node.children) {
      const kind = child.type;
      if (kind === 'attribute') {
        const attribute = this.attribute(child, depth);
        if (attribute) attributes.push(attribute);
      } else if (kind === 'block') {
        const block = this.block(child, depth);
        if (block) blocks.push(block);
      }
    }
    return { attributes, blocks };
  }

  private attribute(node: Node, depth: number): Attribute | undefined {
    // Named children skip anonymous tokens (`=`): fewer nodes cross the WebAssembly boundary.
    const children = node.namedChildren;
    const name = children[0];
    const value = children.find((c) => c.type === 'expression');
    if (name?.type !== 'identifier' || !value) return undefined;
    return { name: name.text, value: this.expression(value, depth + 1), span: this.span(node) };
  }

  private block(node: Node, depth: number): Block | undefined {
    const children = node.children;
    const type = children[0];
    if (type?.type !== 'identifier') return undefined;
    const labels: string[] = [];
    let body: Body = { attributes: [], blocks: [] };
    for (const child of children.slice(1)) {
      const kind = child.type;
      if (kind === 'identifier') labels.push(child.text);
      else if (kind === 'string_lit')
        labels.push(unescapeQuoted(this.text.slice(child.startIndex + 1, child.endIndex - 1)));
      else if (kind === 'body') body = this.body(child, depth + 1);
    }
    return { type: type.text, labels, body, span: this.span(node), hasError: this.broken && node.hasError };
  }

  /** `node` is an `expression` node. Node types are read once each: every read is a WebAssembly call. */
  expression(node: Node, depth: number): Expr {
    if (depth > MAX_DEPTH || (this.broken && node.hasError)) return this.opaque(node);
    const children = node.children;
    const firstType = children[0]?.type ?? '';
    if (children.length === 1 && firstType === 'conditional') {
      return this.conditional(children[0] as Node, depth);
    }
    return this.term(children, node, depth, firstType);
  }

  /** A term is a base expression followed by attribute, index and splat steps. */
  private term(
    nodes: readonly Node[],
    whole: Node | Span,
    depth: number,
    firstType = nodes[0]?.type ?? '',
  ): Expr {
    // The span costs a WebAssembly call; most terms are a bare base that has its own.
    const span = (): Span => ('range' in whole ? whole : this.span(whole));
    const first = nodes[0];
    if (!first) return { kind: 'opaque', span: span() };
    let base: Expr;
    let rest: readonly Node[];
    if (firstType === '(') {
      const inner = nodes[1];
      if (inner?.type !== 'expression' || nodes[2]?.type !== ')') return { kind: 'opaque', span: span() };
      base = this.expression(inner, depth + 1);
      rest = nodes.slice(3);
    } else {
      base = this.base(first, firstType, depth + 1);
      rest = nodes.slice(1);
    }
    if (rest.length === 0) return base;
    const steps: TraversalStep[] = [];
    for (const step of rest) {
      const converted = this.step(step, depth);
      if (!converted) return { kind: 'opaque', span: span() };
      steps.push(...converted);
    }
    if (base.kind === 'traversal')
      return { kind: 'traversal', root: base.root, steps: [...base.steps, ...steps], span: span() };
    return { kind: 'postfix', base, steps, span: span() };
  }

  private step(node: Node, depth: number): TraversalStep[] | undefined {
    switch (node.type) {
      case 'get_attr': {
        const name = node.children.find((c) => c.type === 'identifier');
        return name ? [{ kind: 'attr', name: name.text }] : undefined;
      }
      case 'index': {
        const inner = node.children[0];
        if (inner?.type === 'legacy_index') {
          const digits = this.text.slice(inner.startIndex + 1, inner.endIndex);
          const span = this.span(inner);
          return [{ kind: 'index', key: { kind: 'literal', value: Number(digits), span } }];
        }
        const key = inner?.children.find((c) => c.type === 'expression');
        return key ? [{ kind: 'index', key: this.expression(key, depth + 1) }] : undefined;
      }
      case 'splat':
        return [{ kind: 'splat' }];
      default:
        return undefined;
    }
  }

  private base(node: Node, type: string, depth: number): Expr {
    switch (type) {
      case 'literal_value':
        return this.literal(node);
      case 'variable_expr':
        return { kind: 'traversal', root: node.text, steps: [], span: this.span(node) };
      case 'template_expr': {
        const inner = node.children[0];
        if (inner?.type === 'quoted_template') return this.quoted(inner, depth);
        if (inner?.type === 'heredoc_template') return this.heredoc(inner, depth);
        return { kind: 'opaque', span: this.span(node) };
      }
      case 'collection_value': {
        const inner = node.children[0];
        if (inner?.type === 'tuple') return this.tuple(inner, depth);
        if (inner?.type === 'object') return this.object(inner, depth);
        return { kind: 'opaque', span: this.span(node) };
      }
      case 'function_call':
        return this.call(node, depth);
      case 'operation': {
        const inner = node.children[0];
        if (inner?.type === 'unary_operation') return this.unary(inner, depth);
        if (inner?.type === 'binary_operation') return this.binary(inner, depth);
        return { kind: 'opaque', span: this.span(node) };
      }
      case 'expression':
        return this.expression(node, depth);
      default:
        // for expressions and anything else we do not model
        return { kind: 'opaque', span: this.span(node) };
    }
  }

  /**
   * Literals are read from the source text rather than from their child nodes: every child
   * lookup is a WebAssembly call, and literals are most of a Terraform file.
   */
  private literal(node: Node): Expr {
    const span = this.span(node);
    const text = this.text.slice(span.start, span.end);
    if (text === 'true' || text === 'false') return { kind: 'literal', value: text === 'true', span };
    if (text === 'null') return { kind: 'literal', value: null, span };
    if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
      return { kind: 'literal', value: unescapeQuoted(text.slice(1, -1)), span };
    }
    const value = Number(text);
    return text !== '' && Number.isFinite(value)
      ? { kind: 'literal', value, span }
      : { kind: 'opaque', span };
  }

  private quoted(node: Node, depth: number): Expr {
    const parts: TemplatePart[] = [];
    for (const child of node.children) {
      if (child.type === 'template_literal') parts.push({ kind: 'text', text: unescapeQuoted(child.text) });
      else if (child.type === 'template_interpolation') parts.push(this.interpolation(child, depth));
      else if (child.type === 'template_directive') parts.push({ kind: 'directive' });
    }
    return { kind: 'template', parts, span: this.span(node) };
  }

  private heredoc(node: Node, depth: number): Expr {
    const span = this.span(node);
    const children = node.children;
    const idents = children.filter((c) => c.type === 'heredoc_identifier');
    const open = idents[0];
    const close = idents[1];
    if (!open || !close || idents.length !== 2) return { kind: 'opaque', span };
    const flush = children[0]?.text === '<<-';
    const newline = this.text.indexOf('\n', open.endIndex);
    const contentStart = newline < 0 ? open.endIndex : newline + 1;
    const contentEnd = Math.max(contentStart, this.text.lastIndexOf('\n', close.startIndex - 1) + 1);
    // Literal text is cut from the source, not taken from tree-sitter's chunks, which drop
    // the indentation of the first line.
    const pieces: (string | null)[] = [];
    const exprs: TemplatePart[] = [];
    let cursor = contentStart;
    for (const child of children) {
      if (child.type !== 'template_interpolation' && child.type !== 'template_directive') continue;
      pieces.push(this.text.slice(cursor, child.startIndex), null);
      exprs.push(
        child.type === 'template_interpolation' ? this.interpolation(child, depth) : { kind: 'directive' },
      );
      cursor = child.endIndex;
    }
    pieces.push(this.text.slice(cursor, contentEnd));
    const stripped = flush ? stripHeredocIndent(pieces) : pieces;
    const parts: TemplatePart[] = [];
    let e = 0;
    for (const piece of stripped) {
      if (piece === null) parts.push(exprs[e++] as TemplatePart);
      else if (piece !== '') parts.push({ kind: 'text', text: unescapeTemplate(piece) });
    }
    return { kind: 'template', parts, span };
  }

  private interpolation(node: Node, depth: number): TemplatePart {
    const children = node.children;
    // Strip markers (`${~ x ~}`) trim neighbouring whitespace; rare, so we leave them unknown.
    if (children.some((c) => c.type === 'strip_marker')) return { kind: 'directive' };
    const expr = children.find((c) => c.type === 'expression');
    if (!expr) return { kind: 'directive' };
    return { kind: 'interpolation', expr: this.expression(expr, depth + 1) };
  }

  private tuple(node: Node, depth: number): Expr {
    const items = node.namedChildren
      .filter((c) => c.type === 'expression')
      .map((c) => this.expression(c, depth + 1));
    return { kind: 'tuple', items, span: this.span(node) };
  }

  private object(node: Node, depth: number): Expr {
    const entries: ObjectEntry[] = [];
    for (const elem of node.namedChildren) {
      if (elem.type !== 'object_elem') continue;
      const [key, value, extra] = elem.namedChildren.filter((c) => c.type === 'expression');
      if (!key || !value || extra) return { kind: 'opaque', span: this.span(node) };
      entries.push({
        key: this.objectKey(key, depth),
        value: this.expression(value, depth + 1),
        span: this.span(elem),
      });
    }
    return { kind: 'object', entries, span: this.span(node) };
  }

  /** A bare identifier as object key is the key's name, not a variable reference. */
  private objectKey(node: Node, depth: number): Expr {
    const children = node.children;
    const only = children[0];
    if (children.length === 1 && only?.type === 'variable_expr') {
      return { kind: 'literal', value: only.text, span: this.span(only) };
    }
    return this.expression(node, depth + 1);
  }

  private call(node: Node, depth: number): Expr {
    const children = node.namedChildren;
    const name = children[0]?.text ?? '';
    const argsNode = children.find((c) => c.type === 'function_arguments');
    const argNodes = argsNode?.namedChildren ?? [];
    const args = argNodes.filter((c) => c.type === 'expression').map((c) => this.expression(c, depth + 1));
    const expand = argNodes.some((c) => c.type === 'ellipsis');
    return { kind: 'call', name, args, expand, span: this.span(node) };
  }

  private conditional(node: Node, depth: number): Expr {
    const parts = node.namedChildren.filter((c) => c.type === 'expression');
    const [cond, then, otherwise] = parts;
    if (parts.length !== 3 || !cond || !then || !otherwise) return this.opaque(node);
    return {
      kind: 'conditional',
      cond: this.expression(cond, depth + 1),
      whenTrue: this.expression(then, depth + 1),
      whenFalse: this.expression(otherwise, depth + 1),
      span: this.span(node),
    };
  }

  private unary(node: Node, depth: number): Expr {
    const [op, ...rest] = node.children;
    if (!op || (op.type !== '-' && op.type !== '!')) return this.opaque(node);
    const operandSpan = rest[0] && this.spanOf(rest);
    if (!operandSpan) return this.opaque(node);
    return {
      kind: 'unary',
      op: op.type,
      operand: this.term(rest, operandSpan, depth + 1),
      span: this.span(node),
    };
  }

  /** Hidden grammar rules flatten both operands into one child list: split at the operator. */
  private binary(node: Node, depth: number): Expr {
    const children = node.children;
    let parens = 0;
    let at = -1;
    for (let i = 0; i < children.length; i++) {
      const type = (children[i] as Node).type;
      if (type === '(') parens++;
      else if (type === ')') parens--;
      else if (parens === 0 && i > 0 && BINARY_OPERATORS.has(type) && !(children[i] as Node).isNamed) {
        at = i;
        break;
      }
    }
    const left = children.slice(0, at);
    const right = children.slice(at + 1);
    const leftSpan = this.spanOf(left);
    const rightSpan = this.spanOf(right);
    if (at < 0 || !leftSpan || !rightSpan) return this.opaque(node);
    return {
      kind: 'binary',
      op: (children[at] as Node).type,
      left: this.term(left, leftSpan, depth + 1),
      right: this.term(right, rightSpan, depth + 1),
      span: this.span(node),
    };
  }

  private spanOf(nodes: readonly Node[]): Span | undefined {
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    if (!first || !last) return undefined;
    return this.lines.span(first.startIndex, last.endIndex);
  }

  private opaque(node: Node): Expr {
    return { kind: 'opaque', span: this.span(node) };
  }
}

export function nodeRange(node: Node): SourceRange {
  const start = node.startPosition;
  const end = node.endPosition;
  return {
    start: { line: start.row + 1, column: start.column + 1 },
    end: { line: end.row + 1, column: end.column + 1 },
  };
}

/** Every ERROR and MISSING node, as problems with line:column (only descends into broken subtrees). */
export function syntaxProblems(root: Node, file: string, limit = 20): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const visit = (node: Node): void => {
    if (problems.length >= limit) return;
    if (node.isMissing) {
      const range = nodeRange(node);
      problems.push({
        file,
        message: `syntax error: missing ${JSON.stringify(node.type)} at ${range.start.line}:${range.start.column}`,
        range,
      });
      return;
    }
    if (node.isError) {
      const range = nodeRange(node);
      problems.push({
        file,
        message: `syntax error: unexpected ${describe(node)} at ${range.start.line}:${range.start.column}`,
        range,
      });
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) visit(child);
  };
  visit(root);
  return problems;
}

function describe(node: Node): string {
  const text = node.text.split('\n')[0] ?? '';
  return text === '' ? 'input' : JSON.stringify(text.length > 30 ? `${text.slice(0, 30)}…` : text);
}

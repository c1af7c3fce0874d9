import type { Expr, Span, TemplatePart, TraversalStep } from './ast.ts';
import { callFunction } from './functions.ts';
import {
  hasUnknown,
  isList,
  isMap,
  makeMap,
  toStringValue,
  Unknown,
  type Value,
  valuesEqual,
} from './values.ts';

/** What `var.x` and `local.x` mean where an expression is evaluated; undefined = not known. */
export interface Scope {
  variable(name: string): Value | undefined;
  local(name: string): Value | undefined;
}

export const EMPTY_SCOPE: Scope = { variable: () => undefined, local: () => undefined };

/**
 * Evaluates an expression statically. Anything that cannot be known exactly becomes Unknown
 * carrying the source text of the smallest expression that made it unknown; never throws.
 */
export class Evaluator {
  constructor(
    /** Text of the file the expressions come from (spans index into it). */
    private readonly text: string,
    private readonly scope: Scope,
  ) {}

  evaluate(expr: Expr): Value {
    const value = this.inner(expr);
    return value instanceof Unknown ? this.unknown(expr.span) : value;
  }

  private unknown(span: Span): Unknown {
    return new Unknown(this.text, span);
  }

  private inner(expr: Expr): Value {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'template':
        return this.template(expr.parts, expr.span);
      case 'tuple':
        return expr.items.map((item) => this.evaluate(item));
      case 'object':
        return this.object(expr);
      case 'traversal':
        return this.traversal(expr.root, expr.steps, expr.span);
      case 'postfix':
        return this.steps(this.evaluate(expr.base), expr.steps, expr.span);
      case 'call':
        return this.call(expr);
      case 'conditional': {
        const cond = this.evaluate(expr.cond);
        if (typeof cond !== 'boolean') return this.unknown(expr.span);
        return this.evaluate(cond ? expr.whenTrue : expr.whenFalse);
      }
      case 'unary':
        return this.unary(expr.op, this.evaluate(expr.operand), expr.span);
      case 'binary':
        return this.binary(expr.op, this.evaluate(expr.left), this.evaluate(expr.right), expr.span);
      case 'opaque':
        return this.unknown(expr.span);
    }
  }

  private template(parts: readonly TemplatePart[], span: Span): Value {
    const only = parts[0];
    // `"${x}"` is x itself, whatever its type (Terraform does not convert a lone interpolation).
    if (parts.length === 1 && only?.kind === 'interpolation') return this.evaluate(only.expr);
    let out = '';
    for (const part of parts) {
      if (part.kind === 'text') out += part.text;
      else if (part.kind === 'directive') return this.unknown(span);
      else {
        const text = toStringValue(this.evaluate(part.expr));
        if (text === undefined) return this.unknown(span);
        out += text;
      }
    }
    return out;
  }

  private object(expr: Extract<Expr, { kind: 'object' }>): Value {
    const entries: [string, Value][] = [];
    for (const entry of expr.entries) {
      const key = toStringValue(this.evaluate(entry.key));
      if (key === undefined) return this.unknown(expr.span);
      entries.push([key, this.evaluate(entry.value)]);
    }
    return makeMap(entries);
  }

  private traversal(root: string, steps: readonly TraversalStep[], span: Span): Value {
    const first = steps[0];
    if ((root !== 'var' && root !== 'local') || first?.kind !== 'attr') return this.unknown(span);
    const value = root === 'var' ? this.scope.variable(first.name) : this.scope.local(first.name);
    if (value === undefined) return this.unknown(span);
    return this.steps(value, steps.slice(1), span);
  }

  private steps(start: Value, steps: readonly TraversalStep[], span: Span): Value {
    let value = start;
    for (const step of steps) {
      if (value instanceof Unknown || step.kind === 'splat') return this.unknown(span);
      const key = step.kind === 'attr' ? step.name : this.evaluate(step.key);
      if (
        isList(value) &&
        typeof key === 'number' &&
        Number.isInteger(key) &&
        key >= 0 &&
        key < value.length
      ) {
        value = value[key] as Value;
      } else if (isMap(value) && typeof key === 'string' && Object.hasOwn(value, key)) {
        value = value[key] as Value;
      } else {
        return this.unknown(span);
      }
    }
    return value;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>): Value {
    const args = expr.args.map((arg) => this.evaluate(arg));
    if (args.some(hasUnknown)) return this.unknown(expr.span);
    if (expr.expand) {
      const last = args.pop();
      if (last === undefined || !isList(last)) return this.unknown(expr.span);
      args.push(...last);
    }
    const result = callFunction(expr.name, args);
    return result === undefined ? this.unknown(expr.span) : result;
  }

  private unary(op: string, operand: Value, span: Span): Value {
    if (op === '-' && typeof operand === 'number') return -operand;
    if (op === '!' && typeof operand === 'boolean') return !operand;
    return this.unknown(span);
  }

  private binary(op: string, left: Value, right: Value, span: Span): Value {
    if (hasUnknown(left) || hasUnknown(right)) return this.unknown(span);
    if (op === '==') return valuesEqual(left, right);
    if (op === '!=') return !valuesEqual(left, right);
    if (typeof left === 'boolean' && typeof right === 'boolean') {
      if (op === '&&') return left && right;
      if (op === '||') return left || right;
    }
    if (typeof left === 'number' && typeof right === 'number') {
      const result = arithmetic(op, left, right);
      if (result !== undefined) return result;
    }
    return this.unknown(span);
  }
}

function arithmetic(op: string, a: number, b: number): number | boolean | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '%':
      return b === 0 ? undefined : a % b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return undefined;
  }
}

import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { RuleError } from '../../core/errors.ts';
import type { SourceText } from './source-text.ts';

/** A YAML node paired with the dotted field name used in messages (`validations[0].message`). */
export interface Field {
  readonly node: Node | null;
  readonly field: string;
  /** The key node, for "unknown field" style messages. */
  readonly key?: Node | null;
}

/**
 * Strict, position-aware reading of YAML nodes. Every problem becomes a RuleError whose
 * location is the offending node and whose message names the field; reading goes on so one
 * pass reports every problem in a file.
 */
export class NodeReader {
  readonly errors: RuleError[] = [];
  readonly src: SourceText;

  constructor(src: SourceText) {
    this.src = src;
  }

  fail(at: Node | null | undefined, field: string, problem: string, fallbackOffset = 0): void {
    const offset = at?.range?.[0] ?? fallbackOffset;
    const { line, column } = this.src.position(offset);
    const where = field === '' ? problem : `${field}: ${problem}`;
    this.errors.push(
      new RuleError('E_RULE_INVALID', `${where}\n${this.src.excerpt(line, column)}`, {
        file: this.src.file,
        line,
        column,
      }),
    );
  }

  /** The pairs of a mapping, with unknown keys and missing required keys reported. */
  object(
    f: Field,
    allowed: readonly string[],
    required: readonly string[] = [],
  ): Map<string, Field> | undefined {
    if (!isMap(f.node)) {
      this.fail(f.node, f.field, `expected a mapping, got ${describe(f.node)}`);
      return undefined;
    }
    const out = new Map<string, Field>();
    for (const pair of f.node.items as Pair<unknown, unknown>[]) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined) {
        this.fail(keyNode, f.field, 'keys must be plain strings');
        continue;
      }
      const field = f.field === '' ? key : `${f.field}.${key}`;
      if (!allowed.includes(key)) {
        this.fail(keyNode, field, `unknown field (allowed: ${allowed.join(', ')})`);
        continue;
      }
      out.set(key, { node: (pair.value as Node | null) ?? null, field, key: keyNode });
    }
    for (const key of required) {
      if (!out.has(key)) {
        this.fail(f.node, f.field === '' ? key : `${f.field}.${key}`, 'required field is missing');
      }
    }
    return out;
  }

  string(
    f: Field | undefined,
    options: { nonEmpty?: boolean; pattern?: RegExp; hint?: string } = {},
  ): string | undefined {
    if (!f) return undefined;
    if (!isScalar(f.node) || typeof f.node.value !== 'string') {
      this.fail(f.node ?? f.key, f.field, `expected a string, got ${describe(f.node)}`);
      return undefined;
    }
    const value = f.node.value;
    if ((options.nonEmpty ?? true) && value.trim() === '') {
      this.fail(f.node, f.field, 'must not be empty');
      return undefined;
    }
    if (options.pattern && !options.pattern.test(value)) {
      this.fail(f.node, f.field, `invalid value '${value}'${options.hint ? ` (${options.hint})` : ''}`);
      return undefined;
    }
    return value;
  }

  /** A scalar string node, kept as a node so expressions can map their columns into the file. */
  scalar(f: Field | undefined): Scalar<string> | undefined {
    if (!f) return undefined;
    if (!isScalar(f.node) || typeof f.node.value !== 'string' || f.node.value.trim() === '') {
      this.fail(
        f.node ?? f.key,
        f.field,
        `expected a non-empty string (a CEL expression), got ${describe(f.node)}`,
      );
      return undefined;
    }
    return f.node as Scalar<string>;
  }

  list(f: Field | undefined): Field[] | undefined {
    if (!f) return undefined;
    if (!isSeq(f.node)) {
      this.fail(f.node ?? f.key, f.field, `expected a list, got ${describe(f.node)}`);
      return undefined;
    }
    return (f.node.items as (Node | null)[]).map((node, i) => ({ node, field: `${f.field}[${i}]` }));
  }

  stringList(f: Field | undefined): string[] | undefined {
    const items = this.list(f);
    if (!items) return undefined;
    const out: string[] = [];
    for (const item of items) {
      const value = this.string(item);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  /** A mapping with free-form keys (frameworks, aliases); values read by `read`. */
  entries<T>(
    f: Field | undefined,
    read: (key: string, value: Field, keyNode: Node | null) => T | undefined,
  ): Map<string, T> | undefined {
    if (!f) return undefined;
    if (!isMap(f.node)) {
      this.fail(f.node ?? f.key, f.field, `expected a mapping, got ${describe(f.node)}`);
      return undefined;
    }
    const out = new Map<string, T>();
    for (const pair of f.node.items as Pair<unknown, unknown>[]) {
      const keyNode = pair.key as Node | null;
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        this.fail(keyNode, f.field, 'keys must be strings');
        continue;
      }
      const value = read(
        keyNode.value,
        { node: (pair.value as Node | null) ?? null, field: `${f.field}.${keyNode.value}`, key: keyNode },
        keyNode,
      );
      if (value !== undefined) out.set(keyNode.value, value);
    }
    return out;
  }
}

export function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
    return `${typeof v === 'number' ? 'the number' : `the ${typeof v}`} ${String(v)}`;
  }
  return 'an alias or unsupported node';
}

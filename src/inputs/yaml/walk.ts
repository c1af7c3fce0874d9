import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { SourceRange } from '../../core/location.ts';
import type { FieldPath } from '../document.ts';
import { appendPath } from '../path.ts';
import type { YamlDialect } from './dialect.ts';
import { yaml11Scalar } from './dialect.ts';
import type { LineIndex } from './line-index.ts';

/** A bound was exceeded; aborts the walk of one document (internal: never leaves the loader). */
export class LimitExceeded extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

export interface WalkLimits {
  readonly maxDepth: number;
  readonly maxAliasNodes: number;
}

/**
 * Turns one composed YAML document into a plain value and records the range of every field path
 * in the same walk (one pass, no intermediate JS tree from yaml's `toJS`).
 */
export class YamlWalker {
  readonly positions = new Map<FieldPath, SourceRange>();
  readonly #text: string;
  readonly #lines: LineIndex;
  readonly #doc: Document;
  readonly #limits: WalkLimits;
  readonly #dialect: YamlDialect;
  /** Anchors seen so far in document order; aliases refer to the latest one of their name. */
  readonly #anchors = new Map<string, unknown>();
  #aliasNodes = 0;
  /**
   * Where the last walked node's content ends. A block collection ends with its last value, not
   * after trailing comments the parser attaches to it, so ranges do not depend on comments.
   */
  #end = 0;
  /** Inside an alias expansion every path points at the alias itself: that is where the value is used. */
  #fixed: SourceRange | undefined;

  constructor(text: string, lines: LineIndex, doc: Document, limits: WalkLimits, dialect: YamlDialect) {
    this.#text = text;
    this.#lines = lines;
    this.#doc = doc;
    this.#limits = limits;
    this.#dialect = dialect;
  }

  value(node: unknown, path: FieldPath, depth: number): unknown {
    if (node === null || typeof node !== 'object') return null;
    if (depth > this.#limits.maxDepth) {
      throw new LimitExceeded(`nesting is deeper than ${this.#limits.maxDepth} levels`, offsetOf(node));
    }
    if (this.#fixed !== undefined && ++this.#aliasNodes > this.#limits.maxAliasNodes) {
      throw new LimitExceeded(
        `aliases expand to more than ${this.#limits.maxAliasNodes} nodes (alias bomb?)`,
        offsetOf(node),
      );
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor !== undefined) this.#anchors.set(anchor, node);
    let value: unknown;
    const range = (node as Node).range;
    if (isScalar(node)) value = this.#scalar(node);
    else if (isMap(node)) value = this.#map(node.items as Pair[], path, depth);
    else if (isSeq(node)) value = this.#seq(node.items, path, depth);
    else if (isAlias(node)) {
      value = this.#alias(node, path, depth);
      if (range) this.#end = range[1];
      return value;
    } else return null;
    // Scalars and flow collections end at their own end; block collections where their last value did.
    if (range && (isScalar(node) || (node as { flow?: boolean }).flow === true)) this.#end = range[1];
    const tag = (node as Node).tag;
    if (
      tag !== undefined &&
      this.#dialect.onTag !== undefined &&
      tag.startsWith('!') &&
      !tag.startsWith('!!')
    ) {
      value = this.#dialect.onTag(tag, value);
    }
    return value;
  }

  /** Where the last node given to `value` ends (see #end). */
  get end(): number {
    return this.#end;
  }

  /** Range of `[start, end)` unless inside an alias expansion. */
  range(start: number, end: number): SourceRange {
    return this.#fixed ?? this.#lines.range(this.#text, start, end);
  }

  #scalar(node: Scalar): unknown {
    const value = node.value;
    if (this.#dialect.yaml11Scalars && node.type === 'PLAIN' && node.source !== undefined) {
      return yaml11Scalar(node.source, value);
    }
    if (typeof value === 'bigint') return Number(value);
    return value;
  }

  #map(pairs: Pair[], path: FieldPath, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.#dialect.mergeKeys) {
      // Merged entries first, so explicit keys (and their positions) override them.
      for (const pair of pairs) if (isMergeKey(pair.key)) this.#merge(out, pair, path, depth);
    }
    for (const pair of pairs) {
      const keyNode = pair.key;
      if (this.#dialect.mergeKeys && isMergeKey(keyNode)) continue;
      const key = this.#key(keyNode);
      const childPath = appendPath(path, key);
      const start = offsetOf(keyNode ?? pair.value);
      this.#end = (keyNode as Node | null)?.range?.[1] ?? start;
      setKey(out, key, this.value(pair.value, childPath, depth + 1));
      this.positions.set(childPath, this.range(start, this.#end));
    }
    return out;
  }

  #merge(out: Record<string, unknown>, pair: Pair, path: FieldPath, depth: number): void {
    const outer = this.#fixed;
    const start = offsetOf(pair.key);
    this.#fixed ??= this.#lines.range(this.#text, start, (pair.value as Node | null)?.range?.[1] ?? start);
    try {
      // `<<: *a` or `<<: [*a, *b]` (earlier maps win); a merged value is walked at this map's path.
      const value = this.value(pair.value, path, depth);
      const sources = Array.isArray(value) ? value : [value];
      for (const source of sources) {
        if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
        for (const [key, item] of Object.entries(source))
          if (!Object.hasOwn(out, key)) setKey(out, key, item);
      }
    } finally {
      this.#fixed = outer;
    }
  }

  #seq(items: unknown[], path: FieldPath, depth: number): unknown[] {
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const childPath = `${path}[${i}]`;
      out[i] = this.value(item, childPath, depth + 1);
      const r = (item as Node | null)?.range;
      if (r) this.positions.set(childPath, this.range(r[0], this.#end));
    }
    return out;
  }

  #alias(node: Node & { source: string }, path: FieldPath, depth: number): unknown {
    const target =
      this.#anchors.get(node.source) ??
      (node as unknown as { resolve(d: Document): unknown }).resolve(this.#doc);
    if (target === undefined) return null;
    const outer = this.#fixed;
    const r = node.range;
    this.#fixed ??= r ? this.#lines.range(this.#text, r[0], r[1]) : undefined;
    if (this.#fixed === undefined) return null;
    try {
      return this.value(target, path, depth);
    } finally {
      this.#fixed = outer;
    }
  }

  /** Map keys become strings the way YAML→JSON converters spell them (`80` → "80", `~` → "null"). */
  #key(node: unknown): string {
    if (node === null || node === undefined) return '';
    if (isScalar(node)) {
      const value = this.#scalar(node);
      return value === null ? 'null' : String(value);
    }
    if (isAlias(node)) {
      const target = this.#anchors.get(node.source);
      if (isScalar(target)) return String(this.#scalar(target));
    }
    try {
      return JSON.stringify((node as Node).toJSON()) ?? '';
    } catch {
      return '';
    }
  }
}

function isMergeKey(node: unknown): boolean {
  return isScalar(node) && node.type === 'PLAIN' && node.source === '<<';
}

function offsetOf(node: unknown): number {
  return (node as Node | null)?.range?.[0] ?? 0;
}

/** `__proto__` is data here, not the prototype: define it instead of assigning. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

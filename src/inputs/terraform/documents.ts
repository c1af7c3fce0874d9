import type { SourceRange } from '../../core/location.ts';
import type { FieldPath, InputDocument, ParseProblem } from '../document.ts';
import { appendPath } from '../path.ts';
import type { Block, Body, Expr, HclFile } from './ast.ts';
import { Evaluator, type Scope } from './evaluate.ts';
import { isList, isMap, toStringValue, Unknown, type Value } from './values.ts';

/** Top-level blocks that become documents, with the number of labels each must have. */
const DOCUMENT_BLOCKS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  module: 1,
  provider: 1,
  variable: 1,
  output: 1,
  terraform: 0,
};

/** One document per resource/data/module/provider/variable/output/terraform block (docs/inputs.md). */
export function fileDocuments(
  file: HclFile,
  scope: Scope,
): { documents: InputDocument[]; problems: ParseProblem[] } {
  const documents: InputDocument[] = [];
  const problems: ParseProblem[] = [];
  const evaluator = new Evaluator(file.text, scope);
  for (const block of file.body.blocks) {
    const labels = DOCUMENT_BLOCKS[block.type];
    if (labels === undefined || !Object.hasOwn(DOCUMENT_BLOCKS, block.type) || block.hasError) continue;
    if (block.labels.length !== labels) {
      problems.push({
        file: file.path,
        message: `${block.type} block needs ${labels} label(s), found ${block.labels.length}`,
        range: block.span.range,
      });
      continue;
    }
    documents.push(blockDocument(file, block, evaluator));
  }
  return { documents, problems };
}

function blockDocument(file: HclFile, block: Block, evaluator: Evaluator): InputDocument {
  const [first = 'terraform', second] = block.labels;
  const identity = IDENTITY[block.type]?.(first, second ?? first) ?? {
    kind: first,
    name: first,
    address: first,
  };
  const builder = new ObjectBuilder(file.text, evaluator, block.type === 'variable');
  const object = builder.body(block.body, '');
  builder.positions.set('', block.span.range);
  return {
    type: 'terraform',
    file: file.path,
    kind: identity.kind,
    name: identity.name,
    address: identity.address,
    blockType: block.type,
    object,
    range: block.span.range,
    positions: builder.positions,
    unknownPaths: builder.unknownPaths,
    expressions: builder.expressions,
    extras: {},
  };
}

type Identity = { kind: string; name: string; address: string };
const IDENTITY: Readonly<Record<string, (first: string, second: string) => Identity>> = {
  resource: (type, name) => ({ kind: type, name, address: `${type}.${name}` }),
  data: (type, name) => ({ kind: type, name, address: `data.${type}.${name}` }),
  module: (name) => ({ kind: name, name, address: `module.${name}` }),
  provider: (name) => ({ kind: name, name, address: `provider.${name}` }),
  variable: (name) => ({ kind: name, name, address: `var.${name}` }),
  output: (name) => ({ kind: name, name, address: `output.${name}` }),
  terraform: () => ({ kind: 'terraform', name: 'terraform', address: 'terraform' }),
};

/** Turns a block body into the plain `object`, collecting positions, unknown paths and their source. */
class ObjectBuilder {
  readonly positions = new Map<FieldPath, SourceRange>();
  readonly unknownPaths = new Set<FieldPath>();
  readonly expressions: Record<FieldPath, string> = {};

  constructor(
    private readonly text: string,
    private readonly evaluator: Evaluator,
    /** In a `variable` block, `type = list(string)` is a type constraint: we keep its source text. */
    private readonly variableBlock: boolean,
  ) {}

  body(body: Body, path: FieldPath): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const attribute of body.attributes) {
      const at = appendPath(path, attribute.name);
      this.positions.set(at, attribute.span.range);
      if (this.variableBlock && path === '' && attribute.name === 'type') {
        define(object, attribute.name, this.text.slice(attribute.value.span.start, attribute.value.span.end));
        continue;
      }
      define(object, attribute.name, this.plain(this.evaluator.evaluate(attribute.value), at));
      this.itemPositions(attribute.value, at);
    }
    const groups = new Map<string, Block[]>();
    const dynamic = new Map<string, Block>();
    for (const block of body.blocks) {
      if (block.type === 'dynamic') {
        const name = block.labels[0];
        if (name !== undefined && !dynamic.has(name)) dynamic.set(name, block);
      } else {
        const group = groups.get(block.type);
        if (group) group.push(block);
        else groups.set(block.type, [block]);
      }
    }
    for (const [type, blocks] of groups) {
      if (dynamic.has(type)) continue;
      const at = appendPath(path, type);
      const firstBlock = blocks[0] as Block;
      const lastBlock = blocks[blocks.length - 1] as Block;
      this.positions.set(at, { start: firstBlock.span.range.start, end: lastBlock.span.range.end });
      define(
        object,
        type,
        blocks.map((block, i) => {
          const item = appendPath(at, i);
          this.positions.set(item, block.span.range);
          return this.body(block.body, item);
        }),
      );
    }
    // A dynamic block's content depends on its for_each: the whole list is unknown.
    for (const [name, block] of dynamic) {
      const at = appendPath(path, name);
      define(object, name, null);
      this.positions.set(at, block.span.range);
      this.unknownPaths.add(at);
      this.expressions[at] = this.text.slice(block.span.start, block.span.end);
    }
    return object;
  }

  /** Values to plain data: Unknown becomes null and is recorded under its path. */
  private plain(value: Value, path: FieldPath): unknown {
    if (value instanceof Unknown) {
      this.unknownPaths.add(path);
      this.expressions[path] = value.text;
      return null;
    }
    if (isList(value)) return value.map((item, i) => this.plain(item, appendPath(path, i)));
    if (isMap(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value))
        define(out, key, this.plain(item, appendPath(path, key)));
      return out;
    }
    return value;
  }

  /** Positions of tuple items and object entries written literally in this file. */
  private itemPositions(expr: Expr, path: FieldPath): void {
    if (expr.kind === 'tuple') {
      expr.items.forEach((item, i) => {
        const at = appendPath(path, i);
        this.positions.set(at, item.span.range);
        this.itemPositions(item, at);
      });
    } else if (expr.kind === 'object') {
      for (const entry of expr.entries) {
        const key = toStringValue(this.evaluator.evaluate(entry.key));
        if (key === undefined) continue;
        const at = appendPath(path, key);
        this.positions.set(at, entry.span.range);
        this.itemPositions(entry.value, at);
      }
    }
  }
}

/** Assigns without prototype pitfalls (`__proto__` stays a plain key). */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

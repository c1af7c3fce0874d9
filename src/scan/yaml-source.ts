import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/**
 * A small YAML file (config, waivers) read for strict validation: every value keeps its line
 * so errors can say `file:line: field: reason`. Parse problems are returned, never thrown.
 */
export interface YamlSource {
  readonly root: Node | null;
  /** First syntax error, if any, with its line. */
  readonly error?: { readonly line: number; readonly message: string };
  lineOf(node: Node | null | undefined): number;
}

export function readYamlSource(text: string): YamlSource {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? counter.linePos(node.range[0]).line : 1;
  const first = doc.errors[0];
  const root = (doc.contents as Node | null) ?? null;
  if (!first) return { root, lineOf };
  const line = first.linePos?.[0]?.line ?? counter.linePos(first.pos[0]).line;
  return { root, lineOf, error: { line, message: first.message.split('\n')[0] ?? first.message } };
}

export interface YamlEntry {
  readonly key: string;
  readonly value: Node | null;
  /** Line of the key (where a reader looks for the field). */
  readonly line: number;
}

/** Entries of a YAML mapping with their lines; undefined when the node is not a mapping. */
export function mapEntries(node: Node | null, source: YamlSource): YamlEntry[] | undefined {
  if (!isMap(node)) return undefined;
  return node.items.map((pair) => {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    return { key, value: (pair.value as Node | null) ?? null, line: source.lineOf(keyNode) };
  });
}

export function seqItems(node: Node | null): (Node | null)[] | undefined {
  return isSeq(node) ? node.items.map((item) => (item as Node | null) ?? null) : undefined;
}

/** The plain value of a scalar node, or undefined for mappings/sequences. */
export function scalarValue(node: Node | null): unknown {
  if (node === null) return null;
  return isScalar(node) ? node.value : undefined;
}

import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Collector } from './collector.ts';
import { parseYaml } from './yaml.ts';

/** A YAML mapping entry: a scalar (or raw flow text like `{integrity: …}`) or a nested mapping. */
export interface TreeNode {
  readonly line: number;
  readonly value?: string;
  readonly children?: Map<string, TreeNode>;
}

function unquote(s: string): string | undefined {
  if (s.startsWith("'")) {
    return s.length >= 2 && s.endsWith("'") ? s.slice(1, -1).replaceAll("''", "'") : undefined;
  }
  if (s.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(s);
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }
  return s;
}

/** Splits `key: value` / `key:`; undefined for anything outside the block-mapping subset. */
function keyValue(body: string): [string, string] | undefined {
  let keyEnd: number;
  if (body.startsWith("'") || body.startsWith('"')) {
    const q = body[0] as string;
    let i = 1;
    for (; i < body.length; i++) {
      if (body[i] === '\\' && q === '"') i++;
      else if (body[i] === q) {
        if (q === "'" && body[i + 1] === "'") i++;
        else break;
      }
    }
    keyEnd = i + 1;
    if (body[keyEnd] !== ':') return undefined;
  } else {
    const m = /:(\s|$)/.exec(body);
    if (!m) return undefined;
    keyEnd = m.index;
  }
  const key = unquote(body.slice(0, keyEnd));
  if (key === undefined) return undefined;
  let value = body.slice(keyEnd + 1).trim();
  const comment = value.search(/\s#/);
  if (comment >= 0 && !value.startsWith("'") && !value.startsWith('"'))
    value = value.slice(0, comment).trim();
  return [key, value];
}

/**
 * Fast reader for the YAML subset lockfile writers (pnpm) emit: block mappings whose leaves are
 * plain/quoted scalars or one-line flow collections. Returns undefined on anything else
 * (block scalars, anchors, multi-line flows, tabs) so the caller can use a full YAML parser.
 */
export function readIndentTree(text: string): TreeNode | undefined {
  const root: TreeNode = { line: 1, children: new Map() };
  const stack: [number, TreeNode][] = [[-1, root]];
  let lineNo = 0;
  let start = 0;
  let items = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    const body = line.slice(indent);
    if (body === '' || body.startsWith('#')) continue;
    if (body.startsWith('\t') || body === '---' || body === '...') return undefined;
    while (stack.length > 1 && (stack[stack.length - 1]?.[0] ?? -1) >= indent) stack.pop();
    const parent = stack[stack.length - 1]?.[1];
    if (!parent?.children) return undefined;
    if (body === '-' || body.startsWith('- ')) {
      const v = body.slice(1).trim();
      if (v === '' || /^[&*!|>]/.test(v) || keyValue(v)) return undefined; // nested structures in lists
      parent.children.set(`- ${items++}`, { line: lineNo, value: unquote(v) ?? v });
      continue;
    }
    const kv = keyValue(body);
    if (!kv) return undefined;
    const [key, raw] = kv;
    if (/^[&*!|>]/.test(raw)) return undefined;
    if ((raw.startsWith('{') && !raw.endsWith('}')) || (raw.startsWith('[') && !raw.endsWith(']')))
      return undefined;
    if (raw === '') {
      const node: TreeNode = { line: lineNo, children: new Map() };
      parent.children.set(key, node);
      stack.push([indent, node]);
    } else {
      const value = unquote(raw);
      if (value === undefined) return undefined;
      parent.children.set(
        key,
        raw === '{}' ? { line: lineNo, children: new Map() } : { line: lineNo, value },
      );
    }
  }
  return root;
}

/** The same tree from a full YAML parse (for files outside the fast subset). */
export function yamlTree(c: Collector, text: string): TreeNode | undefined {
  const y = parseYaml(c, text);
  if (!y) return undefined;
  const convert = (node: YamlNode | null, line: number): TreeNode => {
    if (isMap(node)) {
      const children = new Map<string, TreeNode>();
      for (const item of node.items) {
        const k = item.key;
        if (!isScalar(k)) continue;
        children.set(String(k.value), convert((item.value as YamlNode | null) ?? null, y.lineOf(k)));
      }
      return { line, children };
    }
    if (isScalar(node)) return { line, value: String(node.value) };
    if (isSeq(node)) return { line, value: '[]' };
    return { line };
  };
  return convert(y.root, 1);
}

export function treeChild(node: TreeNode | undefined, key: string): TreeNode | undefined {
  return node?.children?.get(key);
}

export function* treeEntries(node: TreeNode | undefined): Generator<[string, TreeNode]> {
  if (node?.children) yield* node.children;
}

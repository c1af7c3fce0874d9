import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { RuleError } from '../../core/errors.ts';
import type { CompiledRule } from '../types.ts';
import { NodeReader } from './node-reader.ts';
import { type ReadRuleOptions, readRule } from './read-rule.ts';
import { SourceText } from './source-text.ts';

export interface LoadResult {
  readonly rules: CompiledRule[];
  readonly errors: RuleError[];
}

export interface LoadTextOptions extends ReadRuleOptions {
  /** A `rule.yaml` must hold only PolicyRule documents; other policy files may mix in other YAML. */
  readonly requireRule: boolean;
}

/** Loads every `kind: PolicyRule` document of one YAML text. Never throws. */
export function loadRuleText(text: string, file: string, options: LoadTextOptions): LoadResult {
  const lineCounter = new LineCounter();
  const src = new SourceText(file, text, lineCounter);
  const reader = new NodeReader(src);
  const rules: CompiledRule[] = [];
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    docs = Array.isArray(parsed) ? parsed : [];
    if (!Array.isArray(parsed)) reader.fail(null, '', 'not a YAML document stream');
  } catch (error) {
    reader.fail(null, '', `cannot read YAML: ${(error as Error).message}`);
    return { rules, errors: reader.errors };
  }
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) reader.fail(null, '', `YAML syntax: ${firstLine(e.message)}`, e.pos[0]);
      continue;
    }
    const root = doc.contents;
    if (root === null) continue;
    const kindPair = isMap(root)
      ? root.items.find((p) => isScalar(p.key) && p.key.value === 'kind')
      : undefined;
    const kind = kindPair && isScalar(kindPair.value) ? kindPair.value.value : undefined;
    if (kind !== 'PolicyRule') {
      if (options.requireRule)
        reader.fail((kindPair?.value as never) ?? root, 'kind', 'expected kind: PolicyRule');
      continue;
    }
    const rule = readRule(reader, root, options);
    if (rule) rules.push(rule);
  }
  return { rules, errors: reader.errors };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

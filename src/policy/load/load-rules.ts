import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleError } from '../../core/errors.ts';
import { displayPath } from '../../core/paths.ts';
import type { CompiledRule } from '../types.ts';
import { type LoadResult, loadRuleText } from './load-text.ts';
import { SourceText } from './source-text.ts';

/** rules/policy in this package: the built-in packs. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../../rules/policy/', import.meta.url));

export interface LoadRulesOptions {
  /** Built-in packs may use the reserved RMP- prefix. Defaults to true for BUILTIN_RULES_DIR only. */
  readonly builtin?: boolean;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

/**
 * Policy files under a directory (or the file itself): every `rule.yaml`, plus other
 * `*.yaml|yml` that contain `kind: PolicyRule` in folders without a `rule.yaml` (folders with
 * one hold that rule's fixtures and tests).
 */
export async function findPolicyFiles(target: string): Promise<string[]> {
  const out: string[] = [];
  // Synchronous: a rule tree is ~150 small files, and a thread-pool round trip per directory and
  // file costs more than the reads on the one core a scan gets.
  const walk = async (dir: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const hasRule = entries.some((e) => e.isFile() && e.name === 'rule.yaml');
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(full);
      } else if (e.name === 'rule.yaml' || (!hasRule && /\.ya?ml$/.test(e.name))) {
        out.push(full);
      }
    }
  };
  const stat = await import('node:fs/promises').then((fs) => fs.stat(target).catch(() => undefined));
  if (stat?.isFile()) return [target];
  await walk(target);
  return out;
}

/**
 * Loads and compiles every rule under `dirs`. Never throws: unreadable files, schema and CEL
 * errors are returned, and ids must be unique across everything loaded together.
 */
export async function loadRules(
  dirs: readonly string[],
  options: LoadRulesOptions = {},
): Promise<LoadResult> {
  const rules: CompiledRule[] = [];
  const errors: RuleError[] = [];
  for (const dir of dirs) {
    const builtin = options.builtin ?? path.resolve(dir).startsWith(path.resolve(BUILTIN_RULES_DIR));
    const files = await findPolicyFiles(dir);
    if (files.length === 0 && !(await exists(dir))) {
      errors.push(new RuleError('E_RULE_INVALID', `policy directory not found: ${dir}`, { file: dir }));
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        errors.push(
          new RuleError('E_RULE_INVALID', `cannot read rule file: ${(error as Error).message}`, {
            file: displayPath(file),
          }),
        );
        continue;
      }
      const isRuleFile = path.basename(file) === 'rule.yaml';
      if (!isRuleFile && !/^kind:\s*["']?PolicyRule/m.test(text)) continue;
      const result = loadRuleText(text, displayPath(file), { builtin, requireRule: isRuleFile });
      rules.push(...result.rules);
      errors.push(...result.errors);
    }
  }
  errors.push(...duplicateIds(rules));
  const dupes = new Set(
    errors.filter((e) => e.message.startsWith('id: duplicate')).map((e) => `${e.file}:${e.line}`),
  );
  return { rules: rules.filter((r) => !dupes.has(`${r.source.file}:${r.source.line}`)), errors };
}

/** Every rule after the first with the same id is an error pointing at both places. */
export function duplicateIds(rules: readonly CompiledRule[]): RuleError[] {
  const first = new Map<string, CompiledRule>();
  const errors: RuleError[] = [];
  for (const rule of rules) {
    const seen = first.get(rule.id);
    if (!seen) {
      first.set(rule.id, rule);
      continue;
    }
    errors.push(
      new RuleError(
        'E_RULE_INVALID',
        `id: duplicate rule id '${rule.id}' (first defined at ${seen.source.file}:${seen.source.line})`,
        { file: rule.source.file, line: rule.source.line, column: rule.source.column },
      ),
    );
  }
  return errors;
}

async function exists(p: string): Promise<boolean> {
  const fs = await import('node:fs/promises');
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

export { SourceText };

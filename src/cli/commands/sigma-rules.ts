/**
 * Loading Sigma rules named on the command line, as `rampart detect` and `rampart rules lint` both
 * do: the files under the given paths, `--placeholders` and `--keyword-match`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { ConfigError, UsageError } from '../../core/errors.ts';
import { relativeUnder } from '../../core/paths.ts';
import { type LoadResult, loadRules, type RuleSource } from '../../detect/load.ts';
import { BUILTIN_PIPELINES_DIR } from './detect-pipelines.ts';

const RULE_EXT = /\.ya?ml$/i;

/** How Sigma rules are loaded (the two options below). */
export interface RuleLoadFlags {
  readonly placeholders?: string;
  readonly keywordMatch: 'contains' | 'exact';
}

/** `--placeholders` and `--keyword-match` (RuleLoadFlags), as `detect` and `rules lint` take them. */
export function addRuleLoadOptions(command: Command): Command {
  return command
    .option('--placeholders <file>', 'JSON or YAML map of expand placeholders: {"admins": ["root", "adm_*"]}')
    .addOption(
      new Option('--keyword-match <mode>', 'keyword values match as substrings or whole values')
        .choices(['contains', 'exact'])
        .default('contains'),
    );
}

/**
 * The Sigma rules (and filters, correlations) under `paths`, as `rampart detect` and `rampart rules
 * lint` load them: built-in pipeline files skipped, expand placeholders from `--placeholders`.
 */
export function loadSigmaRules(paths: readonly string[], flags: RuleLoadFlags, cwd: string): LoadResult {
  // Pipeline files are YAML too: `--rules rules/sigma` must not load the built-in ones as rules.
  const ruleFiles = filesUnder(paths, RULE_EXT, cwd).filter((f) => !f.startsWith(BUILTIN_PIPELINES_DIR));
  const sources = ruleFiles.map(
    (file) => ({ file: relativeUnder(cwd, file), text: readFileSync(file, 'utf8') }) satisfies RuleSource,
  );
  return loadRules(sources, {
    ...(flags.placeholders ? { placeholders: readPlaceholders(path.resolve(cwd, flags.placeholders)) } : {}),
    keywordMatch: flags.keywordMatch,
  });
}

/**
 * The files under `paths` (resolved against `cwd`) whose names match `ext`, in name order, hidden
 * ones skipped; a path named explicitly is taken whatever its name. A missing path is a usage error.
 */
export function filesUnder(paths: readonly string[], ext: RegExp, cwd: string): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walkChild(path.join(p, name));
    } else if (st.isFile() && (explicit || ext.test(p))) out.push(p);
  };
  const walkChild = (p: string): void => {
    try {
      walk(p, false);
    } catch {
      // A file that vanished while walking a folder is not an error.
    }
  };
  for (const p of paths) walk(path.resolve(cwd, p), true);
  return out;
}

function readPlaceholders(file: string): Record<string, string[]> {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: placeholders must be a YAML/JSON map of name → list of strings`, {
      file,
      cause: error,
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new ConfigError(`${file}: placeholders must be a map`, { file });
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(data)) {
    const list = Array.isArray(v) ? v : [v];
    if (list.some((x) => typeof x !== 'string'))
      throw new ConfigError(`${file}: placeholder '${k}' must list strings`, { file });
    out[k] = list as string[];
  }
  return out;
}

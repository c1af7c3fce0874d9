import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.ts';
import { parseSecretsConfig } from './config/parse.ts';
import { checkRequired, resolveSecretsConfig } from './config/resolve.ts';
import type { SecretRuleSpec, SecretsConfig, SecretsConfigFile } from './types.ts';

/** The file-reading edge of the secrets engine: everything else in src/secrets is pure. */
export const BUILTIN_SECRETS_DIR = fileURLToPath(new URL('../../rules/secrets/', import.meta.url));

const builtinCache = new Map<string, SecretsConfig>();

/** Every `*.toml` in the directory, rules concatenated; a rule id defined twice is an error. */
export function loadBuiltinSecrets(dir: string = BUILTIN_SECRETS_DIR): SecretsConfig {
  const key = path.resolve(dir);
  const cached = builtinCache.get(key);
  if (cached) return cached;
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.toml'))
        .sort()
    : [];
  const rules: SecretRuleSpec[] = [];
  const allowlists: SecretsConfig['allowlists'][number][] = [];
  const where = new Map<string, string>();
  for (const name of files) {
    const file = path.join(dir, name);
    const parsed = parseSecretsConfig(readFileSync(file, 'utf8'), file);
    for (const rule of parsed.rules) {
      const previous = where.get(rule.id);
      if (previous) {
        throw new ConfigError(`rules: id '${rule.id}' is also defined at ${previous}`, {
          file: rule.source ?? file,
        });
      }
      where.set(rule.id, rule.source ?? file);
      rules.push(rule);
    }
    allowlists.push(...parsed.allowlists);
  }
  const config = { rules, allowlists };
  checkRequired(config, dir);
  builtinCache.set(key, config);
  return config;
}

/** Parses a user's gitleaks TOML (e.g. `.gitleaks.toml`) and resolves `[extend]` against the built-ins. */
export function loadSecretsConfig(file: string, builtinDir: string = BUILTIN_SECRETS_DIR): SecretsConfig {
  return resolveSecretsConfig(readConfig(file), {
    builtin: () => loadBuiltinSecrets(builtinDir),
    load: (p, from) => readConfig(path.resolve(path.dirname(from), p)),
  });
}

function readConfig(file: string): SecretsConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(`cannot read secrets config (${code})`, { file });
  }
  return parseSecretsConfig(text, file);
}

import { ConfigError } from '../../core/errors.ts';
import type { SecretRuleSpec, SecretsConfig, SecretsConfigFile } from '../types.ts';

/** What resolving `[extend]` needs from the outside world (kept out of the engine: no I/O here). */
export interface ResolveDeps {
  /** The built-in rules (`useDefault = true`, or a config without rules). */
  readonly builtin: () => SecretsConfig;
  /** Loads and parses `path` as written in `[extend] path`, relative to `from` (a config file). */
  readonly load: (path: string, from: string) => SecretsConfigFile;
}

/** gitleaks stops at a small depth too; a cycle of extends must not loop. */
const MAX_EXTEND_DEPTH = 5;

/**
 * gitleaks semantics: the extended config is the base; the extending file's rules override rules
 * with the same id field by field (keywords, tags and allowlists are appended); `disabledRules`
 * drops rules from the base; global allowlists add up. A file without `[extend]` stands alone,
 * except that a file with no rules at all applies its allowlists on top of the built-ins.
 */
export function resolveSecretsConfig(file: SecretsConfigFile, deps: ResolveDeps, depth = 0): SecretsConfig {
  if (depth > MAX_EXTEND_DEPTH) {
    throw new ConfigError(`extend: more than ${MAX_EXTEND_DEPTH} levels of [extend] (a cycle?)`, {
      file: file.file,
    });
  }
  let base: SecretsConfig | undefined;
  if (file.extend?.useDefault) base = deps.builtin();
  else if (file.extend?.path !== undefined)
    base = resolveSecretsConfig(deps.load(file.extend.path, file.file), deps, depth + 1);
  else if (file.rules.length === 0) base = deps.builtin();
  if (!base) {
    const config = { rules: file.rules, allowlists: file.allowlists };
    checkTargets(config, file.file);
    return config;
  }
  const disabled = new Set(file.extend?.disabledRules ?? []);
  const rules = new Map<string, SecretRuleSpec>();
  for (const rule of base.rules) if (!disabled.has(rule.id)) rules.set(rule.id, rule);
  for (const rule of file.rules) {
    const old = rules.get(rule.id);
    rules.set(rule.id, old ? mergeRule(old, rule) : rule);
  }
  const config = { rules: [...rules.values()], allowlists: [...base.allowlists, ...file.allowlists] };
  checkTargets(config, file.file);
  return config;
}

function mergeRule(base: SecretRuleSpec, over: SecretRuleSpec): SecretRuleSpec {
  return {
    ...base,
    ...over,
    keywords: [...new Set([...base.keywords, ...over.keywords])],
    tags: [...new Set([...base.tags, ...over.tags])],
    references: [...new Set([...base.references, ...over.references])],
    allowlists: [...base.allowlists, ...over.allowlists],
    // Description defaults to the id when unset: keep the base's real one then.
    description: over.description === over.id ? base.description : over.description,
  };
}

function checkTargets(config: SecretsConfig, file: string): void {
  for (const rule of config.rules) {
    if (rule.regex === undefined && rule.path === undefined) {
      throw new ConfigError(
        `rules: rule '${rule.id}' needs a regex or a path (it overrides no extended rule)`,
        {
          file: rule.source ?? file,
        },
      );
    }
  }
  checkRequired(config, file);
  const ids = new Set(config.rules.map((r) => r.id));
  for (const a of config.allowlists) {
    for (const target of a.targetRules) {
      if (!ids.has(target))
        throw new ConfigError(`allowlists.targetRules: unknown rule id '${target}'`, { file });
    }
  }
}

/**
 * `[[rules.required]]` ids must name rules of the resolved config (a rule disabled through
 * `[extend] disabledRules` is gone too): the error names the requiring rule and where it is.
 */
export function checkRequired(config: SecretsConfig, file: string): void {
  const ids = new Set(config.rules.map((r) => r.id));
  for (const rule of config.rules) {
    for (const r of rule.required ?? []) {
      if (!ids.has(r.id)) {
        throw new ConfigError(
          `rules: rule '${rule.id}' requires unknown rule '${r.id}' ([[rules.required]] id)`,
          {
            file: rule.source ?? file,
          },
        );
      }
    }
  }
}

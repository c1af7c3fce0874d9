import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigError } from '../../core/errors.ts';
import { isSeverity, type Severity } from '../../core/severity.ts';
import { compileRegex } from '../regex.ts';
import type {
  AllowlistSpec,
  ExtendSpec,
  RequiredRuleSpec,
  SecretRuleSpec,
  SecretsConfigFile,
} from '../types.ts';
import { keyLines, lineOf } from './key-lines.ts';

type Table = Record<string, unknown>;

/** Collects every problem of a file so users fix them in one go. */
class Problems {
  readonly errors: ConfigError[] = [];
  constructor(
    readonly file: string,
    readonly lines: ReadonlyMap<string, number>,
  ) {}
  add(path: string, message: string): void {
    const line = lineOf(this.lines, path);
    this.errors.push(
      new ConfigError(`${path}: ${message}`, { file: this.file, ...(line !== undefined ? { line } : {}) }),
    );
  }
}

/**
 * Parses one gitleaks TOML config. Throws a ConfigError listing every problem, each as
 * `file:line: key: message`. Unknown keys are ignored, as gitleaks does.
 */
export function parseSecretsConfig(text: string, file: string): SecretsConfigFile {
  let data: Table;
  try {
    data = parseToml(text) as Table;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new ConfigError(`invalid TOML: ${firstLine(error.message)}`, {
        file,
        line: error.line,
        column: error.column,
      });
    }
    throw new ConfigError(`invalid TOML: ${String(error)}`, { file });
  }
  const p = new Problems(file, keyLines(text));
  const rules: SecretRuleSpec[] = [];
  const rawRules = data.rules;
  if (rawRules !== undefined && !isTableArray(rawRules))
    p.add('rules', 'must be an array of tables ([[rules]])');
  else if (rawRules !== undefined) {
    const seen = new Set<string>();
    rawRules.forEach((raw, i) => {
      const rule = readRule(raw, `rules[${i}]`, p, data.extend !== undefined);
      if (!rule) return;
      if (seen.has(rule.id)) p.add(`rules[${i}].id`, `duplicate rule id '${rule.id}'`);
      seen.add(rule.id);
      rules.push(rule);
    });
  }
  const allowlists: AllowlistSpec[] = [];
  if (data.allowlist !== undefined) {
    if (!isTable(data.allowlist)) p.add('allowlist', 'must be a table ([allowlist])');
    else {
      const a = readAllowlist(data.allowlist, 'allowlist', p, true);
      if (a) allowlists.push(a);
    }
  }
  if (data.allowlists !== undefined) {
    if (!isTableArray(data.allowlists)) p.add('allowlists', 'must be an array of tables ([[allowlists]])');
    else
      data.allowlists.forEach((raw, i) => {
        const a = readAllowlist(raw, `allowlists[${i}]`, p, true);
        if (a) allowlists.push(a);
      });
  }
  let extend: ExtendSpec | undefined;
  if (data.extend !== undefined) {
    if (!isTable(data.extend)) p.add('extend', 'must be a table ([extend])');
    else extend = readExtend(data.extend, p);
  }
  if (p.errors.length > 0) throw combine(p.errors, file);
  const title = typeof data.title === 'string' ? data.title : undefined;
  return {
    file,
    ...(title !== undefined ? { title } : {}),
    rules,
    allowlists,
    ...(extend ? { extend } : {}),
  };
}

/** `extending`: a rule may only override fields of an extended rule (checked after [extend] is resolved). */
function readRule(raw: Table, at: string, p: Problems, extending: boolean): SecretRuleSpec | undefined {
  const before = p.errors.length;
  const id = raw.id;
  if (typeof id !== 'string' || id.trim() === '') {
    p.add(`${at}.id`, 'required: a non-empty string');
    return undefined;
  }
  const regex = optionalString(raw, 'regex', at, p);
  const compiled = regex !== undefined ? compileRegex(regex) : undefined;
  if (compiled && 'error' in compiled) p.add(`${at}.regex`, `invalid RE2 pattern: ${compiled.error}`);
  const path = optionalString(raw, 'path', at, p);
  if (path !== undefined) checkRegex(path, `${at}.path`, p);
  if (regex === undefined && path === undefined && !extending)
    p.add(at, `rule '${id}' needs a regex or a path`);
  const secretGroup = optionalNumber(raw, 'secretGroup', at, p, true);
  // The group count costs a compile of its own: only asked for when secretGroup is set.
  const groups = compiled && !('error' in compiled) && secretGroup !== undefined ? compiled.groupCount : 0;
  if (secretGroup !== undefined && regex !== undefined && secretGroup > groups) {
    p.add(`${at}.secretGroup`, `is ${secretGroup} but the regex has ${groups} capture group(s)`);
  }
  const entropy = optionalNumber(raw, 'entropy', at, p, false);
  const keywords = stringArray(raw, 'keywords', at, p).map((k) => k.toLowerCase());
  const tags = stringArray(raw, 'tags', at, p);
  const references = stringArray(raw, 'references', at, p);
  const description = optionalString(raw, 'description', at, p) ?? id;
  const why = optionalString(raw, 'why', at, p);
  const fix = optionalString(raw, 'fix', at, p);
  let severity: Severity | undefined;
  if (raw.severity !== undefined) {
    if (isSeverity(raw.severity)) severity = raw.severity;
    else p.add(`${at}.severity`, 'must be one of critical, high, medium, low, info');
  }
  const allowlists: AllowlistSpec[] = [];
  // gitleaks < 8.21 wrote a single `[rules.allowlist]`; both forms are read.
  if (raw.allowlist !== undefined) {
    if (!isTable(raw.allowlist)) p.add(`${at}.allowlist`, 'must be a table');
    else {
      const a = readAllowlist(raw.allowlist, `${at}.allowlist`, p, false);
      if (a) allowlists.push(a);
    }
  }
  if (raw.allowlists !== undefined) {
    if (!isTableArray(raw.allowlists)) p.add(`${at}.allowlists`, 'must be an array of tables');
    else
      raw.allowlists.forEach((a, i) => {
        const spec = readAllowlist(a, `${at}.allowlists[${i}]`, p, false);
        if (spec) allowlists.push(spec);
      });
  }
  let required: RequiredRuleSpec[] | undefined;
  if (raw.required !== undefined) {
    if (!isTableArray(raw.required))
      p.add(`${at}.required`, 'must be an array of tables ([[rules.required]])');
    else required = raw.required.flatMap((r, i) => readRequired(r, `${at}.required[${i}]`, id, p));
  }
  let skipReport: boolean | undefined;
  if (raw.skipReport !== undefined) {
    if (typeof raw.skipReport === 'boolean') skipReport = raw.skipReport;
    else p.add(`${at}.skipReport`, 'must be true or false');
  }
  if (p.errors.length > before) return undefined;
  const line = lineOf(p.lines, at);
  return {
    id,
    description,
    ...(regex !== undefined ? { regex } : {}),
    ...(secretGroup !== undefined ? { secretGroup } : {}),
    ...(entropy !== undefined ? { entropy } : {}),
    keywords,
    ...(path !== undefined ? { path } : {}),
    allowlists,
    tags,
    ...(required ? { required } : {}),
    ...(skipReport !== undefined ? { skipReport } : {}),
    ...(severity ? { severity } : {}),
    ...(why !== undefined ? { why } : {}),
    ...(fix !== undefined ? { fix } : {}),
    references,
    source: line !== undefined ? `${p.file}:${line}` : p.file,
  };
}

function readRequired(raw: Table, at: string, ruleId: string, p: Problems): RequiredRuleSpec[] {
  const id = raw.id;
  if (typeof id !== 'string' || id.trim() === '') {
    p.add(`${at}.id`, 'required: the id of another rule');
    return [];
  }
  if (id === ruleId) {
    p.add(`${at}.id`, `rule '${ruleId}' cannot require itself`);
    return [];
  }
  const withinLines = optionalNumber(raw, 'withinLines', at, p, true);
  const withinColumns = optionalNumber(raw, 'withinColumns', at, p, true);
  return [
    {
      id,
      ...(withinLines !== undefined ? { withinLines } : {}),
      ...(withinColumns !== undefined ? { withinColumns } : {}),
    },
  ];
}

function readAllowlist(raw: Table, at: string, p: Problems, global: boolean): AllowlistSpec | undefined {
  const before = p.errors.length;
  let condition: 'OR' | 'AND' = 'OR';
  if (raw.condition !== undefined) {
    const c = typeof raw.condition === 'string' ? raw.condition.trim().toUpperCase() : undefined;
    if (c === 'AND' || c === '&&') condition = 'AND';
    else if (c === 'OR' || c === '||' || c === '') condition = 'OR';
    else p.add(`${at}.condition`, "must be 'OR' or 'AND'");
  }
  let regexTarget: AllowlistSpec['regexTarget'] = 'secret';
  if (raw.regexTarget !== undefined) {
    const t = raw.regexTarget;
    if (t === 'secret' || t === 'match' || t === 'line') regexTarget = t;
    else if (t !== '') p.add(`${at}.regexTarget`, "must be 'secret', 'match' or 'line'");
  }
  const regexes = stringArray(raw, 'regexes', at, p);
  regexes.forEach((r, i) => {
    checkRegex(r, `${at}.regexes[${i}]`, p);
  });
  const paths = stringArray(raw, 'paths', at, p);
  paths.forEach((r, i) => {
    checkRegex(r, `${at}.paths[${i}]`, p);
  });
  const stopwords = stringArray(raw, 'stopwords', at, p).map((s) => s.toLowerCase());
  const commits = stringArray(raw, 'commits', at, p);
  const targetRules = stringArray(raw, 'targetRules', at, p);
  if (targetRules.length > 0 && !global)
    p.add(`${at}.targetRules`, 'only allowed in top-level [[allowlists]]');
  const description = optionalString(raw, 'description', at, p);
  if (regexes.length + paths.length + stopwords.length + commits.length === 0) {
    p.add(at, 'must contain at least one check for: commits, paths, regexes, or stopwords');
  }
  if (p.errors.length > before) return undefined;
  return {
    ...(description !== undefined ? { description } : {}),
    condition,
    regexTarget,
    regexes,
    paths,
    stopwords,
    commits,
    targetRules,
  };
}

function readExtend(raw: Table, p: Problems): ExtendSpec {
  let useDefault = false;
  if (raw.useDefault !== undefined) {
    if (typeof raw.useDefault === 'boolean') useDefault = raw.useDefault;
    else p.add('extend.useDefault', 'must be true or false');
  }
  const path = optionalString(raw, 'path', 'extend', p);
  const disabledRules = stringArray(raw, 'disabledRules', 'extend', p);
  if (useDefault && path !== undefined) p.add('extend', 'set either useDefault or path, not both');
  return { useDefault, ...(path !== undefined ? { path } : {}), disabledRules };
}

function checkRegex(source: string, at: string, p: Problems): void {
  const compiled = compileRegex(source);
  if ('error' in compiled) p.add(at, `invalid RE2 pattern: ${compiled.error}`);
}

function optionalString(raw: Table, key: string, at: string, p: Problems): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    p.add(`${at}.${key}`, 'must be a string');
    return undefined;
  }
  return v;
}

function optionalNumber(
  raw: Table,
  key: string,
  at: string,
  p: Problems,
  integer: boolean,
): number | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    p.add(`${at}.${key}`, integer ? 'must be a non-negative integer' : 'must be a non-negative number');
    return undefined;
  }
  return n;
}

function stringArray(raw: Table, key: string, at: string, p: Problems): string[] {
  const v = raw[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    p.add(`${at}.${key}`, 'must be an array of strings');
    return [];
  }
  return v as string[];
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function isTableArray(v: unknown): v is Table[] {
  return Array.isArray(v) && v.every(isTable);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function combine(errors: readonly ConfigError[], file: string): ConfigError {
  if (errors.length === 1) return errors[0] as ConfigError;
  const first = errors[0] as ConfigError;
  return new ConfigError(errors.map((e) => e.describe()).join('\n'), {
    file,
    ...(first.line !== undefined ? { line: first.line } : {}),
  });
}

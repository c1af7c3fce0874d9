import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isRampartError } from '../../core/errors.ts';
import { loadBuiltinSecrets } from '../load.ts';
import { SecretScanner } from '../scanner.ts';
import type { SecretsConfig } from '../types.ts';

/** One fixture line: a string, or `{ text, path }` to choose the file name it is scanned as. */
interface FixtureCase {
  readonly text: string;
  readonly path: string;
}

export interface RuleFixtureResult {
  readonly ruleId: string;
  readonly fixture: string;
  readonly failures: readonly string[];
}

export interface FixtureReport {
  readonly results: readonly RuleFixtureResult[];
  /** Problems not tied to one rule: unreadable rules, fixtures without a rule. */
  readonly problems: readonly string[];
  readonly passed: number;
  readonly failed: number;
}

const DEFAULT_PATH = 'fixture.txt';
const MIN_CASES = 2;

/**
 * Runs every rule's `fixtures/<rule-id>.yaml` against the whole rule set of `dir` (so the
 * scanner is the real one) and checks only that rule's findings: exactly one per true positive,
 * none per false positive.
 */
export function runSecretFixtures(dir: string): FixtureReport {
  let config: SecretsConfig;
  try {
    config = loadBuiltinSecrets(dir);
  } catch (error) {
    const text = isRampartError(error) ? error.describe() : String(error);
    return { results: [], problems: [text], passed: 0, failed: 1 };
  }
  const scanner = new SecretScanner(config);
  const fixturesDir = path.join(dir, 'fixtures');
  const results = config.rules.map((rule) => {
    const fixture = path.join(fixturesDir, `${rule.id}.yaml`);
    return { ruleId: rule.id, fixture, failures: checkRule(scanner, rule.id, fixture) };
  });
  const ids = new Set(config.rules.map((r) => r.id));
  const problems: string[] = [];
  if (existsSync(fixturesDir)) {
    for (const f of readdirSync(fixturesDir)) {
      if (/\.ya?ml$/.test(f) && !ids.has(f.replace(/\.ya?ml$/, '')))
        problems.push(`${path.join(fixturesDir, f)}: no rule with this id`);
    }
  }
  const failed = results.filter((r) => r.failures.length > 0).length + problems.length;
  return {
    results,
    problems,
    passed: results.length - results.filter((r) => r.failures.length > 0).length,
    failed,
  };
}

/** Failure messages for one rule (empty = pass). */
export function checkRule(scanner: SecretScanner, ruleId: string, fixture: string): string[] {
  let cases: { truePositives: FixtureCase[]; falsePositives: FixtureCase[] };
  try {
    cases = readFixture(fixture);
  } catch (error) {
    return [`${fixture}: ${error instanceof Error ? error.message : String(error)}`];
  }
  const failures: string[] = [];
  if (cases.truePositives.length < MIN_CASES)
    failures.push(`${fixture}: needs at least ${MIN_CASES} truePositives`);
  if (cases.falsePositives.length < MIN_CASES)
    failures.push(`${fixture}: needs at least ${MIN_CASES} falsePositives`);
  const count = (c: FixtureCase): number =>
    scanner.scan(c.text, { path: c.path }).filter((m) => m.ruleId === ruleId).length;
  cases.truePositives.forEach((c, i) => {
    const n = count(c);
    if (n !== 1) failures.push(`truePositives[${i}]: ${n} findings (expected exactly 1): ${show(c.text)}`);
  });
  cases.falsePositives.forEach((c, i) => {
    const n = count(c);
    if (n !== 0) failures.push(`falsePositives[${i}]: ${n} finding(s) (expected none): ${show(c.text)}`);
  });
  return failures;
}

export function readFixture(file: string): { truePositives: FixtureCase[]; falsePositives: FixtureCase[] } {
  if (!existsSync(file)) throw new Error('missing fixture file');
  const data: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (typeof data !== 'object' || data === null)
    throw new Error('must be a map with truePositives and falsePositives');
  const record = data as Record<string, unknown>;
  return {
    truePositives: readCases(record.truePositives, 'truePositives'),
    falsePositives: readCases(record.falsePositives, 'falsePositives'),
  };
}

function readCases(value: unknown, key: string): FixtureCase[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${key} must be a list`);
  return value.map((item, i) => {
    if (typeof item === 'string') return { text: item, path: DEFAULT_PATH };
    if (typeof item === 'object' && item !== null && typeof (item as { text?: unknown }).text === 'string') {
      const { text, path: p } = item as { text: string; path?: unknown };
      return { text, path: typeof p === 'string' ? p : DEFAULT_PATH };
    }
    throw new Error(`${key}[${i}] must be a string or { text, path }`);
  });
}

function show(text: string): string {
  const one = JSON.stringify(text);
  return one.length > 120 ? `${one.slice(0, 117)}...` : one;
}

/** `N passed, N failed` report with per-rule failures, for scripts/secrets-test.ts. */
export function formatFixtureReport(report: FixtureReport): string {
  const lines: string[] = [];
  for (const p of report.problems) lines.push(`FAIL ${p}`);
  for (const r of report.results) {
    if (r.failures.length === 0) continue;
    lines.push(`FAIL ${r.ruleId} (${r.fixture})`);
    for (const f of r.failures) lines.push(`  ${f}`);
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../../core/paths.ts';
import type { InputParser } from '../../inputs/document.ts';
import { INPUT_PARSERS } from '../../inputs/registry.ts';
import { PolicyEngine } from '../engine.ts';
import { BUILTIN_RULES_DIR } from '../load/load-rules.ts';
import { loadRuleText } from '../load/load-text.ts';
import type { CompiledRule } from '../types.ts';
import { parseFixture } from './parse-fixture.ts';
import { readTests } from './read-tests.ts';

export interface GotLine {
  readonly line: number;
  readonly message: string;
  readonly kind: string;
}

export interface CaseResult {
  readonly file: string;
  readonly expected: readonly number[];
  readonly got: readonly GotLine[];
  readonly ok: boolean;
  /** What went wrong, one line each (missing/unexpected lines, parse problems, evaluation errors). */
  readonly problems: readonly string[];
}

export interface RuleTestResult {
  readonly ruleId: string;
  readonly dir: string;
  readonly ok: boolean;
  /** User rules without tests.yaml are skipped, not failed. */
  readonly skipped: boolean;
  readonly cases: readonly CaseResult[];
  readonly problems: readonly string[];
}

export interface RuleTestReport {
  readonly results: readonly RuleTestResult[];
  readonly passed: number;
  readonly failed: number;
}

export interface RunRuleTestsOptions {
  /** Defaults to the registered input parsers. */
  readonly parsers?: readonly InputParser[];
  /** Only rules whose id matches (substring). */
  readonly filter?: string;
}

/** Every folder holding a `rule.yaml` under the given directories. */
export async function findRuleFolders(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.isFile() && e.name === 'rule.yaml')) out.push(dir);
    for (const e of entries) {
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
        await walk(path.join(dir, e.name));
    }
  };
  for (const dir of dirs) await walk(dir);
  return [...new Set(out)].sort();
}

let initDone: Promise<string[]> | undefined;
const initFor = new WeakMap<readonly InputParser[], Promise<string[]>>();

/** Runs every parser's init() once; failures are returned as messages, not thrown. */
export function initParsers(parsers: readonly InputParser[]): Promise<string[]> {
  const cached = parsers === INPUT_PARSERS ? initDone : initFor.get(parsers);
  if (cached) return cached;
  const run = Promise.all(
    parsers.map(async (p) => {
      try {
        await p.init?.();
        return undefined;
      } catch (error) {
        return `input parser ${p.type} failed to initialise: ${(error as Error).message}`;
      }
    }),
  ).then((r) => r.filter((m): m is string => m !== undefined));
  if (parsers === INPUT_PARSERS) initDone = run;
  else initFor.set(parsers, run);
  return run;
}

/**
 * Rule tests as a product feature: for each rule folder, parse each fixture of tests.yaml,
 * run only that rule, and compare the exact set of reported lines with `expect`.
 */
export async function runRuleTests(
  dirs: readonly string[],
  options: RunRuleTestsOptions = {},
): Promise<RuleTestReport> {
  const parsers = options.parsers ?? INPUT_PARSERS;
  const initProblems = await initParsers(parsers);
  const results: RuleTestResult[] = [];
  const seen = new Map<string, string>();
  for (const dir of await findRuleFolders(dirs)) {
    const result = await testRuleFolder(dir, parsers, initProblems, seen);
    if (options.filter && !result.ruleId.includes(options.filter)) continue;
    results.push(result);
  }
  return {
    results,
    passed: results.filter((r) => r.ok && !r.skipped).length,
    failed: results.filter((r) => !r.ok).length,
  };
}

export async function testRuleFolder(
  dir: string,
  parsers: readonly InputParser[],
  initProblems: readonly string[] = [],
  seenIds: Map<string, string> = new Map(),
): Promise<RuleTestResult> {
  const shown = displayPath(dir);
  const ruleFile = path.join(dir, 'rule.yaml');
  const failed = (ruleId: string, problems: string[]): RuleTestResult => ({
    ruleId,
    dir: shown,
    ok: false,
    skipped: false,
    cases: [],
    problems,
  });
  const text = await readFile(ruleFile, 'utf8').catch(() => undefined);
  if (text === undefined) return failed(path.basename(dir), [`cannot read ${displayPath(ruleFile)}`]);
  const builtinDir = path.resolve(dir).startsWith(path.resolve(BUILTIN_RULES_DIR));
  const loaded = loadRuleText(text, displayPath(ruleFile), { builtin: true, requireRule: true });
  const ruleId = loaded.rules[0]?.id ?? /^id:\s*(\S+)/m.exec(text)?.[1] ?? path.basename(dir);
  if (loaded.errors.length > 0)
    return failed(
      ruleId,
      loaded.errors.map((e) => e.describe()),
    );
  if (loaded.rules.length !== 1)
    return failed(ruleId, [
      `${displayPath(ruleFile)}: expected exactly one rule, found ${loaded.rules.length}`,
    ]);
  const rule = loaded.rules[0] as CompiledRule;
  const problems: string[] = [];
  const firstDir = seenIds.get(rule.id);
  if (firstDir !== undefined) problems.push(`duplicate rule id ${rule.id} (also in ${firstDir})`);
  else seenIds.set(rule.id, shown);

  const testsFile = path.join(dir, 'tests.yaml');
  const testsText = await readFile(testsFile, 'utf8').catch(() => undefined);
  const mustHaveCases = builtinDir || rule.id.startsWith('RMP-');
  if (testsText === undefined) {
    if (!mustHaveCases)
      return { ruleId: rule.id, dir: shown, ok: problems.length === 0, skipped: true, cases: [], problems };
    return failed(rule.id, [
      ...problems,
      `no tests.yaml in ${shown} (built-in rules need a failing and a passing case)`,
    ]);
  }
  const { cases, errors } = readTests(testsText, displayPath(testsFile));
  problems.push(...errors.map((e) => e.describe()));
  if (mustHaveCases) {
    if (!cases.some((c) => c.expect.length > 0))
      problems.push('tests.yaml needs at least one failing case (expect: [lines])');
    if (!cases.some((c) => c.expect.length === 0))
      problems.push('tests.yaml needs at least one passing case (expect: [])');
  }
  if (cases.length > 0) problems.push(...initProblems);
  const engine = new PolicyEngine([rule]);
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await runCase(dir, c, rule, engine, parsers));
  const ok = problems.length === 0 && results.every((r) => r.ok);
  return { ruleId: rule.id, dir: shown, ok, skipped: false, cases: results, problems };
}

async function runCase(
  dir: string,
  c: {
    file: string;
    expect: readonly number[];
    input?: import('../../inputs/document.ts').InputType;
    line: number;
  },
  rule: CompiledRule,
  engine: PolicyEngine,
  parsers: readonly InputParser[],
): Promise<CaseResult> {
  const parsed = await parseFixture(dir, c.file, parsers, c.input);
  const problems: string[] = [];
  if (parsed.error) {
    // Nothing was evaluated: line comparisons would only repeat the same cause.
    return { file: c.file, expected: [...c.expect], got: [], ok: false, problems: [parsed.error] };
  }
  for (const p of parsed.problems)
    problems.push(`parse problem in ${p.file}${p.range ? `:${p.range.start.line}` : ''}: ${p.message}`);
  const selected = parsed.documents.filter((d) => d.type === rule.match.input);
  if (parsed.documents.length > 0 && selected.length === 0) {
    problems.push(
      `fixture produced no ${rule.match.input} documents (got ${[...new Set(parsed.documents.map((d) => d.type))].join(', ')})`,
    );
  }
  const { findings } = engine.evaluate(selected);
  const got: GotLine[] = findings
    .map((f) => ({ line: f.location.range?.start.line ?? 0, message: f.message, kind: f.kind }))
    .sort((a, b) => a.line - b.line);
  for (const g of got)
    if (g.kind === 'evaluation-error') problems.push(`evaluation error at line ${g.line}: ${g.message}`);
  const expected = [...new Set(c.expect)].sort((a, b) => a - b);
  const gotLines = new Set(got.filter((g) => g.kind === 'violation').map((g) => g.line));
  const missing = expected.filter((l) => !gotLines.has(l));
  const unexpected = got.filter((g) => g.kind === 'violation' && !expected.includes(g.line));
  if (missing.length > 0 || unexpected.length > 0) {
    problems.push(
      `expected lines [${expected.join(', ')}], got [${[...gotLines].sort((a, b) => a - b).join(', ')}]`,
    );
    for (const l of missing) problems.push(`  missing: line ${l} (no finding there)`);
    for (const g of unexpected) problems.push(`  unexpected: line ${g.line}: ${g.message}`);
  }
  return { file: c.file, expected, got, ok: problems.length === 0, problems };
}

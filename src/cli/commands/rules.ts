import { type Command, Option } from 'commander';
import type { RuleMetadata } from '../../core/rule.ts';
import type { LoadResult } from '../../detect/load.ts';
import { formatLoadReport } from '../../detect/load-report.ts';
import { INPUT_TYPES } from '../../inputs/document.ts';
import { createAnalyzers } from '../../scan/analyzers.ts';
import type { CliIo } from '../io.ts';
import type { CliState } from '../state.ts';
import { addRuleLoadOptions, loadSigmaRules, type RuleLoadFlags } from './sigma-rules.ts';

interface RulesListFlags {
  readonly input?: string;
  readonly format: 'table' | 'json';
}

export function registerRules(program: Command, io: CliIo, state: CliState): void {
  const rules = program.command('rules').description('built-in rules');
  rules
    .command('list')
    .description('list the built-in rules with id, severity, input type and title')
    .addOption(new Option('--input <type>', 'only rules for this input type').choices(INPUT_TYPES))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (flags: RulesListFlags) => {
      const all = await builtInRules();
      const selected = flags.input ? all.filter((r) => inputOf(r) === flags.input) : all;
      io.out(
        flags.format === 'json'
          ? `${JSON.stringify(selected.map(ruleView), null, 2)}\n`
          : renderTable(selected),
      );
      state.exitCode = 0;
    });
  const lint = rules
    .command('lint')
    .description(
      'load Sigma rules, filters and correlations (files or folders) as `rampart detect` does and print "loaded N, rejected M" with each rejection\'s file:line and reason; exit 1 if any is rejected',
    )
    .argument('<paths...>', 'Sigma rule files or folders (*.yml, *.yaml)');
  addRuleLoadOptions(lint)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((paths: string[], flags: RulesLintFlags) => {
      const loaded = loadSigmaRules(paths, flags, io.cwd);
      io.out(
        flags.format === 'json' ? `${JSON.stringify(lintView(loaded), null, 2)}\n` : formatLoadReport(loaded),
      );
      state.exitCode = loaded.rejected.length > 0 ? 1 : 0;
    });
}

interface RulesLintFlags extends RuleLoadFlags {
  readonly format: 'table' | 'json';
}

/** The load report as data, for CI: counts and every rejection with where and why. */
function lintView(loaded: LoadResult): Record<string, unknown> {
  return {
    loaded: {
      rules: loaded.rules.length,
      filters: loaded.filters.length,
      correlations: loaded.correlations.length,
    },
    rejected: loaded.rejected.map((r) => ({
      file: r.origin.file,
      line: r.origin.line,
      code: r.code,
      ...(r.id !== undefined ? { id: r.id } : {}),
      ...(r.title !== undefined ? { title: r.title } : {}),
      reason: r.reason,
    })),
  };
}

async function builtInRules(): Promise<RuleMetadata[]> {
  const byId = new Map<string, RuleMetadata>();
  for (const analyzer of createAnalyzers({ policyDirs: [] })) {
    for (const rule of (await analyzer.rules?.()) ?? []) byId.set(rule.id, rule);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Policy rules carry `match.input`; other analyzers' rules have no input type. */
function inputOf(rule: RuleMetadata): string {
  const match: unknown = (rule as unknown as Record<string, unknown>).match;
  const input = match && typeof match === 'object' ? (match as Record<string, unknown>).input : undefined;
  return typeof input === 'string' ? input : '-';
}

/** JSON output lists what users need (metadata + input type), not compiled internals. */
function ruleView(r: RuleMetadata): Record<string, unknown> {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    input: inputOf(r),
    description: r.description,
    why: r.why,
    fix: r.fix,
    references: r.references,
    frameworks: r.frameworks,
    aliases: r.aliases,
    tags: r.tags,
  };
}

function renderTable(rules: readonly RuleMetadata[]): string {
  if (rules.length === 0) return 'No rules.\n';
  const rows = rules.map((r) => [r.id, r.severity, inputOf(r), r.title]);
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((row) => (row[i] ?? '').length), ['ID', 'SEVERITY', 'INPUT'][i]?.length ?? 0),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c))
      .join('  ')
      .trimEnd();
  return `${[line(['ID', 'SEVERITY', 'INPUT', 'TITLE']), ...rows.map(line)].join('\n')}\n${rules.length} rules\n`;
}

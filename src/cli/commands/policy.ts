import type { Command } from 'commander';
import { formatLintReport, lintRules } from '../../policy/lint.ts';
import { BUILTIN_RULES_DIR } from '../../policy/load/load-rules.ts';
import { formatTestReport } from '../../policy/testing/format.ts';
import { runRuleTests } from '../../policy/testing/run-tests.ts';

/**
 * `rampart policy test [DIR...]` and `rampart policy lint [DIR...]`; without DIR they act on the
 * built-in rules. Registered by src/cli/main.ts through this function.
 */
export interface PolicyCommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIO: PolicyCommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function registerPolicyCommands(program: Command, io: PolicyCommandIO = processIO): Command {
  const policy = program.command('policy').description('Write, test and lint policy-as-code rules');
  policy
    .command('test')
    .description("Run every rule's tests.yaml cases; prints `N passed, N failed`")
    .argument('[dirs...]', 'rule directories (default: built-in rules)')
    .option('-v, --verbose', 'list passing cases too')
    .option('--rule <id>', 'only rules whose id contains this text')
    .action(async (dirs: string[], opts: { verbose?: boolean; rule?: string }) => {
      const report = await runRuleTests(
        dirs.length > 0 ? dirs : [BUILTIN_RULES_DIR],
        opts.rule ? { filter: opts.rule } : {},
      );
      io.stdout(`${formatTestReport(report, { verbose: opts.verbose ?? false })}\n`);
      process.exitCode = report.failed > 0 ? 1 : 0;
    });
  policy
    .command('lint')
    .description('Check rule files: schema, CEL compile errors, duplicate ids')
    .argument('[dirs...]', 'rule directories (default: built-in rules)')
    .action(async (dirs: string[]) => {
      const report = await lintRules(dirs.length > 0 ? dirs : [BUILTIN_RULES_DIR]);
      const out = `${formatLintReport(report)}\n`;
      if (report.errors.length > 0) io.stderr(out);
      else io.stdout(out);
      process.exitCode = report.errors.length > 0 ? 1 : 0;
    });
  return program;
}

import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import type { CliState } from '../state.ts';
import { scanAction } from './scan.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples', import.meta.url));

/** `npm run demo`: what Rampart is, its commands, and a real scan of the bundled insecure examples. */
export function registerDemo(program: Command, io: CliIo, state: CliState): void {
  program
    .command('demo')
    .description('show the commands and scan the bundled examples/ (what `npm run demo` runs)')
    .action(async () => {
      io.out(
        `\nRampart — policy as code for infrastructure (Kubernetes, Terraform, Dockerfile, GitHub Actions, CloudFormation)\n\n`,
      );
      io.out(program.helpInformation());
      io.out(`\n── rampart scan examples/ ─────────────────────────────────────────────\n\n`);
      await scanAction([EXAMPLES], { format: ['table'], color: true, quiet: true }, io);
      io.out(`
Try next:
  npm run rampart -- scan examples/kubernetes --format json        machine-readable findings
  npm run rampart -- scan examples --format sarif -o sarif=out.sarif   for GitHub code scanning
  npm run rampart -- scan examples --fail-on critical; echo $?        exit code follows --fail-on
  npm run rampart -- scan examples --write-baseline                   accept today's findings
  npm run rampart -- scan examples/terraform --watch                  edit a file, see the delta
  npm run rampart -- rules list --input kubernetes                    built-in rules
  npm run rampart -- policy test                                      run every rule's own tests
Docs: docs/cli.md, docs/suppressions.md, docs/config.md
`);
      // The examples are insecure on purpose: the demo itself succeeded.
      state.exitCode = 0;
    });
}

/**
 * `rampart deps compare ECOSYSTEM A B`: prints `<`, `=` or `>` for two versions ordered by the
 * ecosystem's own rules (src/deps/versions). Invalid versions and unknown ecosystems end with
 * exit 2 and a message naming the ecosystem and the version.
 */
import type { Command } from 'commander';
import { compareVersions, VERSION_ECOSYSTEMS } from '../../deps/versions/registry.ts';
import type { CliIo } from '../io.ts';
import type { CliState } from '../state.ts';

export function registerDeps(program: Command, io: CliIo, state: CliState): void {
  const deps = program.command('deps').description('dependency tools');
  deps
    .command('compare')
    .description(
      `compare two versions with an ecosystem's ordering rules and print <, = or >\n` +
        `ecosystems (OSV names): ${VERSION_ECOSYSTEMS.join(', ')}`,
    )
    .argument('<ecosystem>', 'OSV ecosystem name, e.g. npm, PyPI, Maven, Debian, "Red Hat"')
    .argument('<a>', 'first version')
    .argument('<b>', 'second version')
    .action((ecosystem: string, a: string, b: string) => {
      const c = compareVersions(ecosystem, a, b);
      io.out(`${c < 0 ? '<' : c > 0 ? '>' : '='}\n`);
      state.exitCode = 0;
    });
}

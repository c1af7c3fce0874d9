/**
 * `rampart sbom TARGET [--format F] [--output FILE]`: finds the lockfiles under TARGET (a
 * directory, walked with the scan's .gitignore rules, or one lockfile), merges their packages
 * and dependency edges, and writes a CycloneDX 1.6 (JSON/XML) or SPDX 2.3 JSON SBOM.
 * Unreadable entries do not stop the SBOM: they are listed on stderr (errors always, notices
 * with --verbose). SOURCE_DATE_EPOCH fixes the timestamp for reproducible builds.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { RampartError, UsageError } from '../../core/errors.ts';
import type { Finding } from '../../core/finding.ts';
import {
  findLockfileParser,
  includeReader,
  MAX_LOCKFILE_BYTES,
  parseLockfile,
} from '../../deps/lockfiles/index.ts';
import type { ParseResult, Problem } from '../../deps/lockfiles/types.ts';
import { mergeResults, renderSbom, SBOM_FORMATS, type SbomFormat } from '../../deps/sbom/index.ts';
import { walk } from '../../scan/collect/walk.ts';
import { RAMPART_VERSION } from '../../scan/version.ts';
import type { CliIo } from '../io.ts';
import type { CliState } from '../state.ts';

interface SbomOptions {
  readonly format: SbomFormat;
  readonly output?: string;
  readonly name?: string;
  readonly projectVersion?: string;
  readonly verbose?: boolean;
}

export function registerSbom(program: Command, io: CliIo, state: CliState): void {
  program
    .command('sbom')
    .description(
      'write a software bill of materials (CycloneDX 1.6 or SPDX 2.3) from the lockfiles under TARGET',
    )
    .argument('<target>', 'project directory (walked, .gitignore honoured) or a single lockfile')
    .addOption(
      new Option('--format <format>', 'SBOM format').choices([...SBOM_FORMATS]).default('cyclonedx-json'),
    )
    .option('-o, --output <file>', 'write the SBOM to this file instead of stdout')
    .option('--name <name>', 'project name recorded in the SBOM (default: the target directory name)')
    .option('--project-version <version>', 'project version recorded in the SBOM')
    .option('--verbose', 'also list entries deliberately left out (unpinned, path, git…)')
    .action(async (target: string, options: SbomOptions) => {
      const abs = path.resolve(io.cwd, target);
      const { root, files } = await lockfilesUnder(abs, target);
      const results: ParseResult[] = [];
      const reader = includeReader(root);
      for (const rel of files) {
        const text = await readFile(path.join(root, rel), 'utf8');
        const result = parseLockfile(rel, text, { readFile: reader });
        for (const problem of result.problems) reportProblem(io, problem, options.verbose === true);
        results.push(result);
      }
      if (files.length === 0)
        io.err(`rampart: warning: ${target}: no lockfiles found; the SBOM lists no packages\n`);
      const set = mergeResults(results);
      const text = renderSbom(
        {
          subject: {
            name: options.name ?? path.basename(root),
            ...(options.projectVersion === undefined ? {} : { version: options.projectVersion }),
          },
          packages: set.packages,
          edges: set.edges,
          timestamp: timestampFrom(io.env.SOURCE_DATE_EPOCH),
          toolVersion: RAMPART_VERSION,
        },
        options.format,
      );
      if (options.output === undefined) io.out(text);
      else {
        try {
          await writeFile(path.resolve(io.cwd, options.output), text);
        } catch (error) {
          throw new RampartError('E_IO', `cannot write the SBOM: ${(error as Error).message}`, {
            file: options.output,
            cause: error,
          });
        }
        io.err(
          `rampart: wrote ${options.format} SBOM (${set.packages.length} packages) to ${options.output}\n`,
        );
      }
      state.exitCode = 0;
    });
}

/** The lockfiles to read, relative to the root they are resolved against. */
async function lockfilesUnder(abs: string, target: string): Promise<{ root: string; files: string[] }> {
  let isDir: boolean;
  try {
    isDir = (await stat(abs)).isDirectory();
  } catch {
    throw new UsageError(`${target}: no such file or directory`);
  }
  if (!isDir) {
    if (!findLockfileParser(path.basename(abs)))
      throw new UsageError(`${target}: not a lockfile Rampart reads`);
    return { root: path.dirname(abs), files: [path.basename(abs)] };
  }
  const notices: Finding[] = [];
  const entries = await walk(abs, { root: abs, exclude: ['node_modules', 'vendor'] }, notices);
  const files: string[] = [];
  for (const entry of entries) {
    if (!findLockfileParser(entry.rel)) continue;
    // Over-limit files would only be refused by the parser after being read whole.
    if ((await stat(entry.abs)).size > MAX_LOCKFILE_BYTES) continue;
    files.push(entry.rel);
  }
  return { root: abs, files };
}

function reportProblem(io: CliIo, problem: Problem, verbose: boolean): void {
  if (problem.severity === 'error') io.err(`rampart: warning: ${problem.message}\n`);
  else if (verbose) io.err(`rampart: note: ${problem.message}\n`);
}

/** SOURCE_DATE_EPOCH (seconds) makes the output byte-for-byte reproducible. */
export function timestampFrom(epoch: string | undefined): Date {
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d{1,12}$/.test(epoch))
    throw new UsageError(`SOURCE_DATE_EPOCH: "${epoch}" is not a number of seconds`);
  return new Date(Number(epoch) * 1000);
}

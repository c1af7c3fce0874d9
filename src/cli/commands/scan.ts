import { type Command, Option } from 'commander';
import { isRampartError, UsageError } from '../../core/errors.ts';
import { SEVERITIES } from '../../core/severity.ts';
import { exitCodeFor } from '../../scan/exit-code.ts';
import { runScan } from '../../scan/run-scan.ts';
import { startWatch } from '../../scan/watch/start-watch.ts';
import { FORMAT_NAMES } from '../formats.ts';
import { type CliIo, colorEnabled } from '../io.ts';
import { collectList, collectRepeat } from '../list-option.ts';
import { progressLine } from '../progress.ts';
import { resolveScan } from '../resolve-scan.ts';
import type { ScanFlags } from '../scan-flags.ts';
import type { CliState } from '../state.ts';
import { type UploadFlags, uploadScan } from '../upload.ts';
import { renderDelta } from '../watch-output.ts';
import { writeReports } from '../write-reports.ts';

export function registerScan(program: Command, io: CliIo, state: CliState): void {
  program
    .command('scan')
    .description(
      'scan infrastructure as code (Kubernetes, Terraform, Dockerfile, GitHub Actions, CloudFormation) and secrets',
    )
    .argument('[targets...]', 'directory, files, or "-" with --stdin-filename (default: .)')
    .option(
      '-f, --format <formats>',
      `report format, repeatable or comma list: ${FORMAT_NAMES.join(', ')}`,
      collectList,
    )
    .option(
      '-o, --output <dest>',
      'FORMAT=FILE, or FILE (one format), or DIR (several formats); repeatable',
      collectRepeat,
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at or above').choices(
        SEVERITIES,
      ),
    )
    .option(
      '--include <glob>',
      'only scan paths matching (relative to the target); repeatable',
      collectRepeat,
    )
    .option('--exclude <glob>', 'skip paths matching; repeatable', collectRepeat)
    .option('--policy <dir>', 'extra policy rule directory; repeatable', collectRepeat)
    .option('--stdin-filename <name>', 'read the file content from stdin and report it under this name')
    .option('--baseline <file>', 'suppress findings whose fingerprints are in this baseline')
    .option(
      '--write-baseline [file]',
      'write current findings as a baseline (default .rampart/baseline.json)',
    )
    .option('--waivers <file>', 'waivers file (default .rampart/waivers.yaml when present)')
    .option(
      '--vex <file>',
      'OpenVEX or CycloneDX VEX document: not_affected/fixed statements suppress dependency findings; repeatable',
      collectRepeat,
    )
    .option(
      '--sbom <file>',
      'CycloneDX or SPDX 2.3 JSON SBOM to scan for vulnerable components; repeatable',
      collectRepeat,
    )
    .option('--config <file>', 'config file (default rampart.yaml at the target root)')
    .option('--max-file-size <size>', 'skip larger files with a notice, e.g. 10MiB (default)')
    .option(
      '--jobs <n>',
      'threads scanning file contents for secrets (default: one per core; 1 = no worker threads)',
    )
    .option('--watch', 're-scan changed files and print new/fixed findings until interrupted')
    .option('--no-policy', 'skip the infrastructure-as-code policy analyzer')
    .option('--no-secrets', 'skip the secrets analyzer')
    .option(
      '--git [range]',
      'also scan secrets in the lines added by every commit (or a range, e.g. main..HEAD)',
    )
    .option('--since <date>', 'with --git: only commits since this date (git --since syntax)')
    .option('--secrets-config <file>', 'gitleaks TOML config (default .gitleaks.toml at the target root)')
    .option('--no-deps', 'skip the vulnerable-dependency analyzer (lockfiles vs the advisory database)')
    .option('--db <file>', 'advisory database for dependencies (default: the user cache, see `rampart db`)')
    .option('--no-color', 'no colours in terminal output')
    .option('-q, --quiet', 'no progress or summary lines on stderr')
    .option('--upload <url>', 'send the results to a Rampart server (with --token and --service)')
    .option('--token <token>', 'with --upload: API token with findings:upload (or set RAMPART_TOKEN)')
    .option('--service <name>', 'with --upload: the service in the Rampart catalog')
    .option('--commit <sha>', 'with --upload: commit scanned (default: git HEAD)')
    .option('--branch <name>', 'with --upload: branch scanned (default: current git branch)')
    .action(async (targets: string[], flags: ScanFlags & UploadFlags) => {
      state.exitCode = await scanAction(targets, flags, io);
    });
}

/** Runs one scan (or a watch loop) and returns the exit code. */
export async function scanAction(
  targets: readonly string[],
  flags: ScanFlags & UploadFlags,
  io: CliIo,
): Promise<number> {
  if (flags.watch && flags.stdinFilename !== undefined) throw new UsageError('--watch cannot read stdin');
  if (flags.watch && flags.writeBaseline) throw new UsageError('--watch and --write-baseline do not mix');
  const { options, outputs } = await resolveScan(targets, flags, io);
  const color = colorEnabled(io, flags.color);
  const onProgress = progressLine(io, !flags.quiet);
  const stdin =
    flags.stdinFilename !== undefined
      ? { filename: flags.stdinFilename, bytes: await io.readStdin() }
      : undefined;
  const scanOptions = { ...options, ...(stdin ? { stdin } : {}), ...(onProgress ? { onProgress } : {}) };

  if (!flags.watch) {
    const { result } = await runScan(scanOptions);
    await writeReports(result, outputs, io, color);
    if (flags.upload !== undefined)
      await uploadScan(result, flags, io, {
        root: options.root,
        // Some files only: the server must not read absent findings as fixed.
        partial: stdin !== undefined || options.targets !== undefined || (flags.include?.length ?? 0) > 0,
      });
    if (options.writeBaseline && !flags.quiet)
      io.err(`rampart: baseline written to ${options.writeBaseline}\n`);
    return exitCodeFor(result);
  }

  const onError = (error: unknown): void => {
    io.err(
      `rampart: ${isRampartError(error) ? error.describe() : error instanceof Error ? error.message : String(error)}\n`,
    );
  };
  const stop = await startWatch({ ...scanOptions, onError }, (delta) => {
    if (delta.initial) {
      void writeReports(delta.result, outputs, io, color).catch(onError);
      if (!flags.quiet) io.err(`rampart: watching ${options.target} for changes (Ctrl-C to stop)\n`);
    } else {
      io.out(renderDelta(delta, color));
      // Report files (e.g. SARIF for an editor) stay current; stdout only gets the delta.
      const files = outputs.filter((o) => o.file !== undefined);
      if (files.length > 0) void writeReports(delta.result, files, io, color).catch(onError);
    }
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  stop();
  return 0;
}

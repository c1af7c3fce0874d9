import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { RampartError } from '../../core/errors.ts';
import type { CliIo } from '../io.ts';
import type { CliState } from '../state.ts';
import { describeUpload, resolveUploadTarget, type UploadFlags, uploadReport } from '../upload.ts';

interface PushFlags extends UploadFlags {
  readonly url?: string;
  readonly quiet?: boolean;
}

/** `rampart push results.json --url URL --token T --service NAME`: upload a saved JSON report. */
export function registerPush(program: Command, io: CliIo, state: CliState): void {
  program
    .command('push')
    .description('upload a JSON scan report (rampart scan --format json) to a Rampart server')
    .argument('<report>', 'the JSON report file')
    .option('--url <url>', 'Rampart server URL, e.g. http://127.0.0.1:7070')
    .option('--token <token>', 'API token with findings:upload (or set RAMPART_TOKEN)')
    .option('--service <name>', 'the service in the Rampart catalog')
    .option('--commit <sha>', 'commit scanned (default: git HEAD of the report’s folder)')
    .option('--branch <name>', 'branch scanned (default: current git branch)')
    .option('--partial', 'the scan covered only part of the service: do not mark absent findings fixed')
    .option('-q, --quiet', 'no summary line on stderr')
    .action(async (file: string, flags: PushFlags & { partial?: boolean }) => {
      const path = resolve(io.cwd, file);
      const target = await resolveUploadTarget(
        flags.url,
        { ...flags, full: flags.partial !== true },
        io,
        dirname(path),
        '--url',
      );
      let report: unknown;
      try {
        report = JSON.parse(await readFile(path, 'utf8'));
      } catch (error) {
        throw new RampartError(
          'E_IO',
          error instanceof SyntaxError
            ? `not a JSON report (${error.message}); write one with rampart scan --format json`
            : `cannot read the report (${error instanceof Error ? error.message : String(error)})`,
          { file, cause: error },
        );
      }
      const answer = await uploadReport(report, target);
      if (!flags.quiet) io.err(describeUpload(target.service, answer));
      io.out(`${JSON.stringify(answer)}\n`);
      state.exitCode = 0;
    });
}

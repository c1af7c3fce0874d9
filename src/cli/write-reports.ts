import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RampartError } from '../core/errors.ts';
import type { ScanResult } from '../report/reporter.ts';
import { reporterFor } from './formats.ts';
import type { CliIo } from './io.ts';
import type { OutputTarget } from './output-plan.ts';

/** Renders every planned report; files never get colour codes, stdout only on a terminal. */
export async function writeReports(
  result: ScanResult,
  targets: readonly OutputTarget[],
  io: CliIo,
  color: boolean,
): Promise<void> {
  for (const target of targets) {
    const reporter = reporterFor(target.format);
    if (target.file === undefined) {
      const text = reporter.render(result, { color });
      io.out(text.endsWith('\n') ? text : `${text}\n`);
      continue;
    }
    const text = reporter.render(result, { color: false });
    try {
      await mkdir(path.dirname(target.file), { recursive: true });
      await writeFile(target.file, text.endsWith('\n') ? text : `${text}\n`);
    } catch (error) {
      throw new RampartError('E_IO', `cannot write ${target.format} report (${String(error)})`, {
        file: target.file,
        cause: error,
      });
    }
  }
}

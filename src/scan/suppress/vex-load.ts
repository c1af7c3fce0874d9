import { readFile } from 'node:fs/promises';
import { SuppressionError } from '../../core/errors.ts';
import { parseVex } from '../../deps/vex/parse.ts';
import type { VexStatement } from '../../deps/vex/types.ts';

/**
 * Reads every `--vex` / config `vex:` file before scanning, so a broken one stops the run (exit 2)
 * instead of silently suppressing nothing. `display` turns an absolute path into the one shown.
 */
export async function loadVexFiles(
  files: readonly string[],
  display: (file: string) => string,
): Promise<VexStatement[]> {
  const out: VexStatement[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new SuppressionError('E_VEX_INVALID', `cannot read VEX file (${String(error)})`, {
        file: display(file),
        cause: error,
      });
    }
    out.push(...parseVex(text, display(file)));
  }
  return out;
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../core/errors.ts';
import { displayPath } from '../../core/paths.ts';
import { CONFIG_FILE_NAMES, type ScanConfig } from './types.ts';
import { parseConfig } from './validate.ts';

/**
 * `--config FILE` must exist; otherwise `rampart.yaml` (or `.yml`) at the scan root is used if
 * present, and no config at all is fine.
 */
export async function loadConfig(
  root: string,
  explicit: string | undefined,
  knownFormats: readonly string[],
): Promise<ScanConfig> {
  if (explicit !== undefined) {
    const file = path.resolve(explicit);
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new ConfigError(
        `cannot read config file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        {
          file: displayPath(file),
          cause: error,
        },
      );
    });
    return parseConfig(text, file, knownFormats);
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(root, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    return parseConfig(text, file, knownFormats);
  }
  return {};
}

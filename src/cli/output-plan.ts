import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { FORMAT_NAMES, reporterFor } from './formats.ts';

/** Where one format's report goes: a file, or stdout when `file` is undefined. */
export interface OutputTarget {
  readonly format: string;
  readonly file?: string;
}

export interface OutputRequest {
  /** `--format` values (already split on commas); empty = config formats, else `table`. */
  readonly formats: readonly string[];
  /** `--output` values: `FORMAT=FILE`, or one PATH (a file for one format, a directory for several). */
  readonly outputs: readonly string[];
  readonly configFormats?: readonly string[];
  readonly configOutput?: string | Readonly<Record<string, string>>;
  readonly cwd: string;
}

/**
 * Decides the report destinations. `--output sarif=out.sarif` also turns on that format;
 * a plain `--output PATH` takes the one format, or, with several formats (or a trailing `/` or
 * an existing directory), is a directory receiving `rampart.<ext>` per format. Formats without a
 * destination print to stdout.
 */
export function planOutputs(request: OutputRequest): OutputTarget[] {
  const perFormat = new Map<string, string>();
  let plain: string | undefined;
  let plainIsDir = false;
  const flagOutputs = request.outputs.length > 0;
  const outputs: [string | undefined, string][] = flagOutputs
    ? request.outputs.map(splitOutput)
    : typeof request.configOutput === 'string'
      ? [[undefined, request.configOutput]]
      : Object.entries(request.configOutput ?? {});
  for (const [format, file] of outputs) {
    if (format === undefined) {
      if (plain !== undefined)
        throw new UsageError(`--output given twice without a format (${plain}, ${file}); use FORMAT=FILE`);
      plain = path.resolve(request.cwd, file);
      plainIsDir = /[\\/]$/.test(file);
    } else {
      reporterFor(format);
      perFormat.set(format, path.resolve(request.cwd, file));
    }
  }
  const explicit = request.formats.length > 0 ? request.formats : (request.configFormats ?? []);
  const formats = unique([...explicit, ...perFormat.keys()]);
  if (formats.length === 0) formats.push('table');
  for (const f of formats) reporterFor(f);

  const unmapped = formats.filter((f) => !perFormat.has(f));
  const asDirectory =
    plain !== undefined &&
    (unmapped.length > 1 || plainIsDir || (existsSync(plain) && statSync(plain).isDirectory()));
  return formats.map((format) => {
    const file = perFormat.get(format);
    if (file !== undefined) return { format, file };
    if (plain === undefined) return { format };
    return {
      format,
      file: asDirectory ? path.join(plain, `rampart.${reporterFor(format).fileExtension}`) : plain,
    };
  });
}

function splitOutput(value: string): [string | undefined, string] {
  const m = /^([a-z][a-z0-9-]*)=(.+)$/.exec(value);
  if (m && FORMAT_NAMES.includes(m[1] as string)) return [m[1], m[2] as string];
  if (m && !value.includes('/') && !value.includes('\\')) {
    throw new UsageError(`--output ${value}: unknown format "${m[1]}" (known: ${FORMAT_NAMES.join(', ')})`);
  }
  return [undefined, value];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

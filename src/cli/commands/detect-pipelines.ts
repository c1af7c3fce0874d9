/**
 * `--pipeline NAME|FILE` for `rampart detect`: built-in names resolve to
 * rules/sigma/pipelines/NAME.yml, anything else is a file path. The file is read here, at the
 * adapter edge; the detect engine only ever gets parsed pipelines.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, UsageError } from '../../core/errors.ts';
import {
  BUILTIN_PIPELINES,
  pipelineFromText,
  type ResolvedPipeline,
} from '../../detect/pipelines/builtin.ts';

export const BUILTIN_PIPELINES_DIR = fileURLToPath(
  new URL('../../../rules/sigma/pipelines/', import.meta.url),
);

/** Load a built-in pipeline by name, or a pipeline file; throws ConfigError listing every problem. */
export function loadPipelineArg(arg: string, cwd: string): ResolvedPipeline {
  const builtin = (BUILTIN_PIPELINES as readonly string[]).includes(arg);
  const file = builtin ? path.join(BUILTIN_PIPELINES_DIR, `${arg}.yml`) : path.resolve(cwd, arg);
  if (!builtin && !existsSync(file))
    throw new UsageError(
      `--pipeline '${arg}': no such file, and not a built-in pipeline (${BUILTIN_PIPELINES.join(', ')})`,
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${arg}: cannot read pipeline file (${(error as Error).message})`, {
      file,
      cause: error,
    });
  }
  return pipelineFromText(builtin ? `${arg}.yml` : path.relative(cwd, file) || file, file, text);
}

/**
 * `--pipeline NAME|FILE`: built-in pipeline names resolve to rules/sigma/pipelines/NAME.yml,
 * anything else is a file path. File reading lives here, not in the pure parser.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, UsageError } from '../../core/errors.ts';
import type { FieldMappingPipeline } from '../pipeline.ts';
import { parsePipeline } from './parse.ts';
import type { PipelineProblem } from './types.ts';

export const BUILTIN_PIPELINES_DIR = fileURLToPath(
  new URL('../../../rules/sigma/pipelines/', import.meta.url),
);
export const BUILTIN_PIPELINES = [
  'windows-evtx',
  'ecs',
  'w3c-web',
  'linux',
  'aws-cloudtrail',
  'kubernetes-audit',
] as const;

export interface ResolvedPipeline {
  readonly pipeline: FieldMappingPipeline;
  readonly warnings: readonly PipelineProblem[];
}

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
  const shown = builtin ? `${arg}.yml` : path.relative(cwd, file) || file;
  const loaded = parsePipeline(shown, text);
  if (!loaded.ok) {
    const first = loaded.problems[0];
    // The CLI prefixes file:line of the first problem; further problems are listed in full.
    const message =
      loaded.problems.length === 1 && first
        ? `${first.field ? `${first.field}: ` : ''}${first.message}`
        : `${loaded.problems.length} problems in this pipeline:\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`;
    throw new ConfigError(message, { file, ...(first ? { line: first.line } : {}) });
  }
  return { pipeline: loaded.pipeline, warnings: loaded.warnings };
}

export function formatProblem(p: PipelineProblem): string {
  return `${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/**
 * Built-in pipeline names and turning a pipeline file's text into a pipeline or a ConfigError.
 * No I/O here (the engine gets parsed pipelines): reading `--pipeline NAME|FILE` from disk is the
 * CLI's job (src/cli/commands/detect-pipelines.ts).
 */
import { ConfigError } from '../../core/errors.ts';
import type { FieldMappingPipeline } from '../pipeline.ts';
import { parsePipeline } from './parse.ts';
import type { PipelineProblem } from './types.ts';

/** Shipped as rules/sigma/pipelines/NAME.yml. */
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

/**
 * Parse one pipeline file's text; throws ConfigError listing every problem. `shown` names the
 * file in messages, `file` is where it was read from (for the error's location).
 */
export function pipelineFromText(shown: string, file: string, text: string): ResolvedPipeline {
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

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.ts';
import type { DepsAnalyzerOptions } from '../scan/analyzers/deps.ts';
import type { SecretsAnalyzerOptions } from '../scan/analyzers/secrets.ts';
import { createAnalyzers } from '../scan/analyzers.ts';
import { loadConfig } from '../scan/config/load.ts';
import { parseSize } from '../scan/config/size.ts';
import type { ScanConfig } from '../scan/config/types.ts';
import type { ScanOptions } from '../scan/options.ts';
import { DEFAULT_BASELINE } from '../scan/suppress/baseline.ts';
import { FORMAT_NAMES } from './formats.ts';
import type { CliIo } from './io.ts';
import { type OutputTarget, planOutputs } from './output-plan.ts';
import type { ScanFlags } from './scan-flags.ts';

export interface ResolvedScan {
  readonly options: ScanOptions;
  readonly outputs: readonly OutputTarget[];
  readonly config: ScanConfig;
}

/**
 * Flags + `rampart.yaml` → one ScanOptions. Flags win over config. One directory target becomes
 * the scan root (its rampart.yaml and .rampart/ apply); files or several targets are scanned
 * relative to the working directory.
 */
export async function resolveScan(
  targets: readonly string[],
  flags: ScanFlags,
  io: CliIo,
): Promise<ResolvedScan> {
  const stdin = flags.stdinFilename !== undefined;
  if (stdin && targets.some((t) => t !== '-'))
    throw new UsageError('--stdin-filename reads stdin; give no target (or "-")');
  if (!stdin && targets.includes('-')) throw new UsageError('target "-" (stdin) needs --stdin-filename NAME');
  const single = !stdin && targets.length === 1 ? path.resolve(io.cwd, targets[0] as string) : undefined;
  const rootIsTarget = single !== undefined && isDirectory(single);
  if (single !== undefined && !rootIsTarget && !exists(single))
    throw new UsageError(`target ${targets[0]} does not exist`);
  const root = rootIsTarget ? (single as string) : io.cwd;
  const config = await loadConfig(
    root,
    flags.config === undefined ? undefined : path.resolve(io.cwd, flags.config),
    FORMAT_NAMES,
  );

  const failOn = severityFlag(flags.failOn) ?? config.failOn ?? 'high';
  const maxFileSize = sizeFlag(flags.maxFileSize) ?? config.maxFileSize;
  const fromCwd = (p: string) => path.resolve(io.cwd, p);
  const writeBaseline =
    flags.writeBaseline === undefined || flags.writeBaseline === false
      ? undefined
      : flags.writeBaseline === true
        ? (config.baseline ?? path.join(root, DEFAULT_BASELINE))
        : fromCwd(flags.writeBaseline);
  const policyFlag = flags.policy === false ? undefined : flags.policy;
  const policyDirs = policyFlag?.length ? policyFlag.map(fromCwd) : (config.policy ?? []);
  for (const dir of policyDirs) {
    if (!isDirectory(dir))
      throw new UsageError(`policy directory ${path.relative(io.cwd, dir) || dir} does not exist`);
  }
  const include = flags.include?.length ? flags.include : config.include;
  const exclude = flags.exclude?.length ? flags.exclude : config.exclude;
  const waivers = flags.waivers !== undefined ? fromCwd(flags.waivers) : config.waivers;
  const baseline = flags.baseline !== undefined ? fromCwd(flags.baseline) : config.baseline;
  const vex = flags.vex?.length ? flags.vex.map(fromCwd) : config.vex;
  const sbom = flags.sbom?.length ? flags.sbom.map(fromCwd) : config.sbom;
  for (const file of [...(vex ?? []), ...(sbom ?? [])])
    if (!exists(file)) throw new UsageError(`${path.relative(io.cwd, file) || file} does not exist`);
  if (sbom?.length && flags.deps === false)
    throw new UsageError('--sbom needs the dependency analyzer (drop --no-deps)');

  const options: ScanOptions = {
    root,
    target: stdin ? '-' : targets.length === 0 ? '.' : targets.join(' '),
    ...(!rootIsTarget && !stdin && targets.length > 0 ? { targets: targets.map(fromCwd) } : {}),
    ...(include ? { include } : {}),
    ...(exclude ? { exclude } : {}),
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    jobs: jobsFlag(flags.jobs),
    ...parallelMinBytes(io.env.RAMPART_JOBS_MIN_BYTES),
    failOn,
    ...(waivers !== undefined ? { waivers } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
    ...(vex?.length ? { vex } : {}),
    ...(sbom?.length ? { sbom } : {}),
    ...(writeBaseline !== undefined ? { writeBaseline } : {}),
    ...(config.rules ? { rules: config.rules } : {}),
    analyzers: createAnalyzers({
      policyDirs,
      ...(flags.policy === false ? { policy: false } : {}),
      secrets: secretsOptions(flags, {
        root,
        stdin,
        include,
        exclude,
        fromCwd,
        targets: !rootIsTarget && !stdin && targets.length > 0 ? targets.map(fromCwd) : undefined,
      }),
      deps: depsOptions(flags, config, fromCwd, sbom),
    }),
  };
  const outputs = planOutputs({
    formats: flags.format ?? [],
    outputs: flags.output ?? [],
    ...(config.formats ? { configFormats: config.formats } : {}),
    ...(config.output ? { configOutput: config.output } : {}),
    cwd: io.cwd,
  });
  return { options, outputs, config };
}

/** `--no-secrets`, `--git [range]`, `--since`, `--secrets-config` → the secrets analyzer's options. */
function secretsOptions(
  flags: ScanFlags,
  ctx: {
    root: string;
    stdin: boolean;
    include: readonly string[] | undefined;
    exclude: readonly string[] | undefined;
    targets: readonly string[] | undefined;
    fromCwd: (p: string) => string;
  },
): SecretsAnalyzerOptions | false {
  const git = flags.git !== undefined && flags.git !== false;
  if (flags.secrets === false) {
    if (git || flags.since !== undefined || flags.secretsConfig !== undefined)
      throw new UsageError(
        '--git, --since and --secrets-config need the secrets analyzer (drop --no-secrets)',
      );
    return false;
  }
  if (flags.since !== undefined && !git) throw new UsageError('--since only applies to --git');
  if (git && ctx.stdin)
    throw new UsageError('--git scans the repository history; it cannot be combined with stdin');
  const configFile = flags.secretsConfig !== undefined ? ctx.fromCwd(flags.secretsConfig) : undefined;
  if (configFile !== undefined && !exists(configFile))
    throw new UsageError(`--secrets-config ${flags.secretsConfig} does not exist`);
  return {
    root: ctx.root,
    ...(configFile !== undefined ? { configFile } : {}),
    ...(git
      ? {
          git: {
            ...(typeof flags.git === 'string' ? { range: flags.git } : {}),
            ...(flags.since !== undefined ? { since: flags.since } : {}),
          },
        }
      : {}),
    // Archives are looked up under the root: not when the input is stdin.
    ...(ctx.stdin ? { archives: false } : {}),
    ...(ctx.include ? { include: ctx.include } : {}),
    ...(ctx.exclude ? { exclude: ctx.exclude } : {}),
    ...(ctx.targets ? { targets: ctx.targets } : {}),
  };
}

/** `--no-deps`, `--db FILE` over `deps: { db, maxAge }` → the dependency analyzer's options. */
function depsOptions(
  flags: ScanFlags,
  config: ScanConfig,
  fromCwd: (p: string) => string,
  sbom: readonly string[] | undefined,
): DepsAnalyzerOptions | false {
  if (flags.deps === false) {
    if (flags.db !== undefined) throw new UsageError('--db needs the dependency analyzer (drop --no-deps)');
    return false;
  }
  const dbPath = flags.db !== undefined ? fromCwd(flags.db) : config.deps?.db;
  const maxAgeMs = config.deps?.maxAgeMs;
  return {
    ...(dbPath !== undefined ? { dbPath } : {}),
    ...(maxAgeMs !== undefined ? { maxAgeMs } : {}),
    ...(sbom?.length ? { sbom } : {}),
  };
}

function severityFlag(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!isSeverity(value))
    throw new UsageError(`--fail-on ${value}: expected one of ${SEVERITIES.join(', ')}`);
  return value;
}

function sizeFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const size = parseSize(value);
  if (size === undefined)
    throw new UsageError(`--max-file-size ${value}: expected a positive size like 10485760 or 10MiB`);
  return size;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** `--jobs N`: threads scanning file contents; default one per core the process may use. */
function jobsFlag(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  if (!/^[1-9]\d{0,2}$/.test(value))
    throw new UsageError(`--jobs ${value}: expected a whole number from 1 to 999 (1 = no worker threads)`);
  return Number(value);
}

/** RAMPART_JOBS_MIN_BYTES: bytes read before worker threads start (tuning; docs/secrets.md). */
function parallelMinBytes(value: string | undefined): { parallelMinBytes?: number } {
  if (value === undefined || value === '') return {};
  const bytes = parseSize(value);
  if (bytes === undefined)
    throw new UsageError(`RAMPART_JOBS_MIN_BYTES=${value}: expected a size such as 1048576 or 32MiB`);
  return { parallelMinBytes: bytes };
}

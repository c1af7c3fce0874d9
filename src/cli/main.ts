import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { RAMPART_VERSION } from '../scan/version.ts';
import { registerAudit } from './commands/audit.ts';
import { registerCatalog } from './commands/catalog.ts';
import { registerDb } from './commands/db.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDeps } from './commands/deps.ts';
import { registerDetect } from './commands/detect.ts';
import { registerPolicyCommands } from './commands/policy.ts';
import { registerPush } from './commands/push.ts';
import { registerRules } from './commands/rules.ts';
import { registerSbom } from './commands/sbom.ts';
import { registerScan } from './commands/scan.ts';
import { registerServe } from './commands/serve.ts';
import { reportError } from './errors.ts';
import { type CliIo, processIo } from './io.ts';
import type { CliState } from './state.ts';
import { isBatchRun, tuneV8ForBatchRun } from './v8-tuning.ts';

/** The whole command tree; one register function per command file. */
export function buildProgram(io: CliIo, state: CliState): Command {
  const program = new Command('rampart')
    .description(
      'Open-source DevSecOps platform: policy as code for infrastructure, with exact file:line findings',
    )
    .version(RAMPART_VERSION, '-V, --version')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(`rampart: ${text.replace(/^error: /, '')}`),
    });
  registerScan(program, io, state);
  registerSbom(program, io, state);
  registerRules(program, io, state);
  registerDetect(program, io, state);
  registerPolicyCommands(program);
  registerDemo(program, io, state);
  registerAudit(program, io, state);
  registerServe(program, io, state);
  registerDeps(program, io, state);
  registerDb(program, io, state);
  registerPush(program, io, state);
  registerCatalog(program, io, state);
  return program;
}

/** Runs the CLI and returns its exit code (0 ok, 1 findings at/above --fail-on, 2 usage/config error). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const state: CliState = { exitCode: 0 };
  try {
    await buildProgram(io, state).parseAsync([...argv], { from: 'user' });
    // `policy test/lint` report their outcome through process.exitCode.
    return state.exitCode || Number(process.exitCode ?? 0);
  } catch (error) {
    return reportError(error, io);
  }
}

/** The process entry (bin/rampart.js): batch commands tune V8 first (src/cli/v8-tuning.ts). */
export async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  if (isBatchRun(argv)) tuneV8ForBatchRun();
  process.exitCode = await main(argv);
}

function isEntryPoint(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await run();

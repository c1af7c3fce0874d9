import { CommanderError } from 'commander';
import { isRampartError } from '../core/errors.ts';
import type { CliIo } from './io.ts';

/**
 * Every failure ends as `rampart: <message>` and exit 2 — never a stack trace, unless
 * RAMPART_DEBUG=1 asks for one.
 */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and --version are "errors" for commander; commander already printed its message.
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
      ? 0
      : 2;
  }
  const debug = io.env.RAMPART_DEBUG === '1';
  if (isRampartError(error)) io.err(`rampart: ${error.describe()}\n`);
  else
    io.err(
      `rampart: internal error: ${error instanceof Error ? error.message : String(error)}${debug ? '' : ' (set RAMPART_DEBUG=1 for details)'}\n`,
    );
  if (debug && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return 2;
}

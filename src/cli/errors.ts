import { CommanderError } from 'commander';
import { isRampartError, type RampartError } from '../core/errors.ts';
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
  if (isRampartError(error)) io.err(`rampart: ${describe(error)}\n`);
  else
    io.err(
      `rampart: internal error: ${error instanceof Error ? error.message : String(error)}${debug ? '' : ' (set RAMPART_DEBUG=1 for details)'}\n`,
    );
  if (debug && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return 2;
}

/** `file:line: message`, unless the message already starts with its own location (multi-error reports). */
function describe(error: RampartError): string {
  const full = error.describe();
  const prefix = full.slice(0, full.length - error.message.length);
  return prefix !== '' && error.message.startsWith(prefix.trimEnd().replace(/:$/, '')) ? error.message : full;
}

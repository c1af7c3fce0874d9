import type { CliIo } from '../io.ts';
import { main } from '../main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `rampart ARGS` in-process with captured output, no TTY and no colour: the same `main()`
 * the binary runs, without paying a process start per test.
 */
export async function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: options.cwd ?? process.cwd(),
    env: { NO_COLOR: '1', ...options.env },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    readStdin: async () => new Uint8Array(),
  };
  // main() also reads process.exitCode (policy commands report through it), and node:test sets
  // it to 1 after any failed test: isolate it so one failure does not cascade into the next test.
  const saved = process.exitCode;
  process.exitCode = undefined;
  const code = await main(args, io);
  process.exitCode = saved;
  return { code, stdout, stderr };
}

/** A CliIo that records what a command prints, for tests that call an action directly. */
export interface CapturedIo extends CliIo {
  readonly stdout: string;
  readonly stderr: string;
}

export function captureIo(options: { cwd: string; stdin?: string; stderrIsTTY?: boolean }): CapturedIo {
  let stdout = '';
  let stderr = '';
  const stdin = new TextEncoder().encode(options.stdin ?? '');
  return {
    cwd: options.cwd,
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    readStdin: async () => stdin,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

/**
 * The process as the CLI sees it. Commands take this instead of touching `process`, so `demo`
 * can run `scan` in-process and tests can capture output.
 */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<Uint8Array>;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

/** Colour only for a terminal, and never when NO_COLOR is set or --no-color was given. */
export function colorEnabled(io: CliIo, flag: boolean): boolean {
  return flag && io.stdoutIsTTY && !io.env.NO_COLOR;
}

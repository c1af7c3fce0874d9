import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import type { CliIo } from '../io.ts';
import type { CliState } from '../state.ts';
import { nextSteps } from './serve-next-steps.ts';

interface ServeFlags {
  readonly port?: string;
  readonly host: string;
  readonly data?: string;
  readonly databaseUrl?: string;
  readonly logLevel: string;
  readonly quiet?: boolean;
}

export const DEFAULT_PORT = 7070;

/** `rampart serve`: the control plane. Fastify, kysely and the drivers load only for this command. */
export function registerServe(program: Command, io: CliIo, state: CliState): void {
  program
    .command('serve')
    .description('run the control plane API (SQLite under --data, or PostgreSQL via RAMPART_DATABASE_URL)')
    .option('--port <port>', `port to listen on (default: $RAMPART_PORT or ${DEFAULT_PORT})`)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--data <dir>',
      'data directory for the SQLite file and keys (default: $RAMPART_DATA or ./.rampart)',
    )
    .option('--database-url <url>', 'PostgreSQL URL (default: $RAMPART_DATABASE_URL)')
    .option('--log-level <level>', 'pino log level (trace, debug, info, warn, error)', 'info')
    .option('--quiet', 'do not print the next steps for a new install')
    .action(async (flags: ServeFlags) => {
      if (flags.data && flags.databaseUrl)
        throw new UsageError('use either --data (SQLite) or --database-url (PostgreSQL), not both');
      const port = parsePort(
        flags.port ?? io.env.RAMPART_PORT,
        flags.port !== undefined ? '--port' : 'RAMPART_PORT',
      );
      const { resolveStoreLocation } = await import('../../store/config.ts');
      const { startServer } = await import('../../server/start.ts');
      const { oidcConfigFromEnv } = await import('../../server/env-config.ts');
      const location = resolveStoreLocation({
        ...(flags.data !== undefined ? { data: flags.data } : {}),
        ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
        env: io.env,
        cwd: io.cwd,
      });
      const publicUrl = io.env.RAMPART_PUBLIC_URL?.replace(/\/+$/, '') || `http://${flags.host}:${port}`;
      const oidc = oidcConfigFromEnv(io.env, publicUrl);
      const server = await startServer({
        location,
        host: flags.host,
        port,
        config: {
          ...(oidc ? { oidc } : {}),
          ...(io.env.RAMPART_COOKIE_SECRET ? { cookieSecret: io.env.RAMPART_COOKIE_SECRET } : {}),
          // Only behind a reverse proxy: client IPs (rate limits, logs) then come from X-Forwarded-For.
          ...(io.env.RAMPART_TRUST_PROXY === '1' ? { trustProxy: true } : {}),
        },
        logger: { level: flags.logLevel },
        say: (line) => io.err(`${line}\n`),
      });
      if (!flags.quiet) io.err(`${nextSteps(server.url, io.cwd)}\n`);
      await server.closed;
      state.exitCode = 0;
    });
}

function parsePort(value: string | undefined, source: string): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${source}: '${value}' is not a port number (0-65535)`);
  return port;
}

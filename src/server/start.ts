import type { FastifyInstance } from 'fastify';
import { AuditLog } from '../audit/audit-log.ts';
import { loadOrCreateSigningKey } from '../audit/signing-key.ts';
import type { ResolvedStoreLocation } from '../store/config.ts';
import { openStore } from '../store/open-store.ts';
import { StoreAuditRepository } from '../store/repositories/audit-repository.ts';
import { buildServer, type ServerLogger } from './build-server.ts';
import type { ServerConfig } from './config.ts';
import { builtWebRoot } from './plugins/web-ui.ts';

export interface StartOptions {
  readonly location: ResolvedStoreLocation;
  readonly host: string;
  readonly port: number;
  readonly config: ServerConfig;
  readonly logger: ServerLogger;
  /** Human-facing lines (the URL, the bootstrap link), on stderr so stdout logs stay pure JSON. */
  readonly say: (line: string) => void;
  /** How long in-flight requests get after SIGTERM before connections are cut (default 25 s). */
  readonly graceMs?: number;
  /** Adds routes before listening (tests add a deliberately slow one). */
  readonly beforeListen?: (app: FastifyInstance) => void;
}

export interface RunningServer {
  readonly url: string;
  /** Resolves once the server has shut down (after a signal or close()). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the store, starts listening, prints the URL — and the one-time bootstrap
 * link when there is no admin and no IdP — and shuts down cleanly on SIGTERM/SIGINT: no new
 * connections, in-flight requests finish, then the audit log is checkpointed and the store closed.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const store = await openStore(options.location.store);
  const signer = loadOrCreateSigningKey(options.location.auditKeyFile);
  const auditLog = new AuditLog(new StoreAuditRepository(store), signer);
  const webRoot = builtWebRoot();
  const { app, accounts } = await buildServer({
    store,
    audit: auditLog,
    auditKeyIds: [signer.keyId],
    logger: options.logger,
    // Serve the built UI (npm run build:web) unless the caller chose a folder.
    config: { ...(webRoot ? { webRoot } : {}), ...options.config },
  });
  options.beforeListen?.(app);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  options.say(`Rampart is listening on ${url} (data: ${store.location})`);
  if (!options.config.oidc && !(await accounts.hasAdmin())) {
    const secret = await accounts.createBootstrapSecret();
    options.say(
      `No admin yet. Open this one-time link within 1 hour to create the first admin:\n  ${url}/bootstrap#${secret}`,
    );
  }

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const force = setTimeout(() => app.server.closeAllConnections(), options.graceMs ?? 25_000);
      force.unref();
      try {
        await app.close();
        await auditLog
          .checkpoint()
          .catch((error: unknown) => app.log.error({ err: error }, 'final audit checkpoint failed'));
      } finally {
        clearTimeout(force);
        await store.close();
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        resolveClosed();
      }
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    options.say(`${signal}: finishing in-flight requests, then stopping`);
    void close();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return { url, closed, close };
}

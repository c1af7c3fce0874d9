import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import type { HelmetOptions } from 'helmet';
import { AccountService, type AuditSink } from '../catalog/accounts.ts';
import { CatalogManager } from '../catalog/catalog-service.ts';
import { randomSecret } from '../catalog/secrets.ts';
import { ExceptionRequests } from '../posture/exception-requests.ts';
import { PostureService } from '../posture/service.ts';
import { slaPolicy } from '../posture/sla.ts';
import { StoreAuditRepository } from '../store/repositories/audit-repository.ts';
import { StoreCatalogRepository } from '../store/repositories/catalog-store.ts';
import { StorePostureRepository } from '../store/repositories/posture-repository.ts';
import { StoreExceptionRequestRepository } from '../store/repositories/waiver-request-repository.ts';
import type { Store } from '../store/store.ts';
import { FailedSignInAudit } from './auth/auth-audit.ts';
import { installGuard } from './auth/guard.ts';
import { oidcRoutes } from './auth/oidc-routes.ts';
import { peopleRoutes } from './auth/people-routes.ts';
import { sessionRoutes } from './auth/session-routes.ts';
import { signInMethodsRoute } from './auth/sign-in-methods.ts';
import { StoreAccountRepository } from './auth/store-accounts.ts';
import { tokenRoutes } from './auth/token-routes.ts';
import { DEFAULT_AUTH_RATE_LIMIT, DEFAULT_BODY_LIMIT, type ServerConfig } from './config.ts';
import { HttpError, handleError, handleNotFound } from './errors.ts';
import { bootstrapPage } from './plugins/bootstrap-page.ts';
import { healthPlugin } from './plugins/health.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { readCache } from './plugins/read-cache.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { webUi } from './plugins/web-ui.ts';
import { auditRoutes } from './routes/audit.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { exceptionRequestRoutes } from './routes/exception-requests.ts';
import { findingsRoutes } from './routes/findings.ts';
import { postureRoutes } from './routes/posture.ts';
import { rulesRoutes } from './routes/rules.ts';
import { RulesCatalog } from './rules-catalog.ts';
import { ErrorSchema } from './schemas.ts';

/** pino options; Fastify's own logger. `false` silences it (tests). */
export type ServerLogger = false | { readonly level?: string; readonly stream?: NodeJS.WritableStream };

export interface BuildServerOptions {
  readonly store: Store;
  readonly logger?: ServerLogger;
  readonly config?: ServerConfig;
  /**
   * Where state changes are recorded (src/audit AuditLog in production). It must write to
   * `store`: its transactions are the ones the changes join, so both commit or neither.
   */
  readonly audit: AuditSink;
  /** Injectable clock for tests. */
  readonly now?: () => Date;
  /**
   * Reuse read answers while nothing changed (plugins/read-cache.ts; default true). Benchmarks
   * of the queries themselves turn it off.
   */
  readonly readCache?: boolean;
  /** Sees every route as it is registered (the route-authorisation test enumerates them with it). */
  readonly onRoute?: (route: RouteOptions) => void;
  /** Key ids of the audit signing key: GET /api/audit/verify rejects checkpoints signed by others. */
  readonly auditKeyIds?: readonly string[];
}

export interface RampartServer {
  readonly app: FastifyInstance;
  readonly accounts: AccountService;
  /** Findings lifecycle and posture (src/posture). */
  readonly posture: PostureService;
}

/** helmet's defaults, with a CSP for a JSON API and the bootstrap page (same-origin scripts and styles). */
export const SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], objectSrc: ["'none'"] },
  },
};

/** Never log credentials, even at debug level. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  // The same headers when code logs `{ headers: request.headers }` directly.
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
];

/** Builds the app with every plugin and route; never listens (tests use app.inject()). */
export async function buildServer(options: BuildServerOptions): Promise<RampartServer> {
  const config = options.config ?? {};
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false),
    bodyLimit: config.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: config.trustProxy ?? false,
    // No Fastify error ever leaks a stack: the error handler decides what clients see.
    ajv: { customOptions: { allErrors: false, removeAdditional: false, coerceTypes: 'array' } },
  });
  const accounts = new AccountService(new StoreAccountRepository(options.store, options.now), options.audit, {
    ...(options.now ? { now: options.now } : {}),
  });

  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  app.addSchema(ErrorSchema);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  installGuard(app, accounts, options.audit, {
    store: options.store,
    ...(options.now ? { now: options.now } : {}),
  });

  await app.register(openapiPlugin);
  await app.register(securityHeaders, SECURITY_HEADERS);
  await app.register(cookie, { secret: config.cookieSecret ?? randomSecret() });
  const limit = config.authRateLimit ?? DEFAULT_AUTH_RATE_LIMIT;
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'E_RATE_LIMITED', `too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  const routeLimit = { max: limit.max, timeWindow: limit.timeWindowMs };

  await app.register(healthPlugin, { store: options.store });
  await app.register(metricsPlugin);
  if (options.readCache !== false)
    await app.register(readCache, {
      store: options.store,
      routes: ['/api/findings', '/api/posture/counts', '/api/posture/trend'],
      ...(options.now ? { now: options.now } : {}),
    });
  await app.register(bootstrapPage);
  if (config.webRoot) await app.register(webUi, { root: config.webRoot });
  await app.register(sessionRoutes, {
    accounts,
    rateLimit: routeLimit,
    failedSignIns: new FailedSignInAudit(options.audit, {
      now: () => (options.now?.() ?? new Date()).getTime(),
    }),
  });
  await app.register(signInMethodsRoute, { oidc: config.oidc !== undefined });
  await app.register(tokenRoutes, { accounts, rateLimit: routeLimit });
  await app.register(peopleRoutes, { accounts });
  const posture = new PostureService(new StorePostureRepository(options.store), options.audit, {
    ...(options.now ? { now: options.now } : {}),
    sla: slaPolicy(config.sla),
  });
  await app.register(findingsRoutes, { posture });
  const requests = new ExceptionRequests(
    new StoreExceptionRequestRepository(options.store),
    posture,
    options.audit,
    {
      ...(options.now ? { now: options.now } : {}),
    },
  );
  await app.register(exceptionRequestRoutes, { posture, requests });
  await app.register(auditRoutes, {
    repository: new StoreAuditRepository(options.store),
    ...(options.auditKeyIds ? { trustedKeyIds: new Set(options.auditKeyIds) } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  await app.register(postureRoutes, { posture });
  await app.register(evidenceRoutes, { posture });
  await app.register(rulesRoutes, { rules: new RulesCatalog() });
  const catalog = new CatalogManager(new StoreCatalogRepository(options.store), options.audit, {
    ...(options.now ? { now: options.now } : {}),
    serviceTeamChanged: (serviceId) => posture.serviceTeamChanged(serviceId),
  });
  await app.register(catalogRoutes, { catalog });
  if (config.oidc)
    await app.register(oidcRoutes, {
      accounts,
      store: options.store,
      oidc: config.oidc,
      rateLimit: routeLimit,
    });
  return { app, accounts, posture };
}

function loggerOptions(logger: ServerLogger): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  return {
    level: logger.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(logger.stream ? { stream: logger.stream } : {}),
  };
}

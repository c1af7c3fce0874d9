import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AccountService, AuditSink } from '../../catalog/accounts.ts';
import { type Principal, principalCan } from '../../catalog/principal.ts';
import type { Store } from '../../store/store.ts';
import { forbidden, HttpError, unauthenticated } from '../errors.ts';
import { changeStampOf } from '../plugins/change-stamp.ts';
import { auditTokenWrite } from './auth-audit.ts';
import { CSRF_HEADER, csrfTokenFor, SESSION_COOKIE } from './cookies.ts';
import { PrincipalCache } from './principal-cache.ts';
import type { RouteAuth } from './route-auth.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses to register an /api/ route that does not say who may call it. */
export function requireAuthDeclaration(route: RouteOptions): void {
  const url = route.url ?? '';
  if (url.startsWith('/api/') && route.config?.auth === undefined)
    throw new Error(`route ${String(route.method)} ${url} has no config.auth declaration`);
}

/**
 * Installs the authentication + authorisation hook for every route that is not public. With an
 * audit sink, every state-changing call made with an API token is recorded (allowed or denied)
 * before the handler runs, so a leaked token's writes can be traced even when the handler fails.
 */
export function installGuard(
  app: FastifyInstance,
  accounts: AccountService,
  audit?: AuditSink,
  cache?: { readonly store: Store; readonly now?: () => Date },
): void {
  app.addHook('onRoute', requireAuthDeclaration);
  const resolver: Resolver = cache
    ? cachedResolver(accounts, cache.store, new PrincipalCache(cache.now ? { now: cache.now } : {}))
    : {
        token: (secret) => accounts.principalForToken(secret),
        session: (secret) => accounts.principalForSession(secret),
      };
  // preValidation: strangers get 401/403 before the schema tells them anything about the body.
  app.addHook('preValidation', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (auth === undefined || 'public' in auth) return;
    await authenticate(request, resolver);
    const principal = request.principal;
    if (!audit || principal?.kind !== 'token' || SAFE_METHODS.has(request.method)) {
      authorise(request, auth);
      return;
    }
    const call = { method: request.method, route: request.routeOptions.url ?? request.url, ip: request.ip };
    try {
      authorise(request, auth);
    } catch (error) {
      await auditTokenWrite(audit, principal, call, 'denied');
      throw error;
    }
    await auditTokenWrite(audit, principal, call, 'allowed');
  });
}

/** Who a bearer token or session secret belongs to, for one request. */
interface Resolver {
  token(secret: string, request: FastifyRequest): Promise<Principal | undefined>;
  session(secret: string, request: FastifyRequest): Promise<Principal | undefined>;
}

function cachedResolver(accounts: AccountService, store: Store, cache: PrincipalCache): Resolver {
  return {
    token: async (secret, request) =>
      cache.get('token', secret, await changeStampOf(request, store), () =>
        accounts.principalForToken(secret),
      ),
    session: async (secret, request) =>
      cache.get('session', secret, await changeStampOf(request, store), () =>
        accounts.principalForSession(secret),
      ),
  };
}

async function authenticate(request: FastifyRequest, accounts: Resolver): Promise<void> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const principal = match ? await accounts.token(match[1] as string, request) : undefined;
    if (!principal) throw unauthenticated();
    request.principal = principal;
    return;
  }
  const secret = request.cookies[SESSION_COOKIE];
  const principal = secret ? await accounts.session(secret, request) : undefined;
  if (!secret || !principal) throw unauthenticated();
  // Cookies ride along with cross-site requests; state changes must prove they came from our UI.
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(request.headers[CSRF_HEADER], secret))
    throw new HttpError(
      403,
      'E_CSRF',
      `missing or wrong ${CSRF_HEADER} header for a cookie-authenticated request`,
    );
  request.principal = principal;
  request.sessionSecret = secret;
}

function csrfMatches(header: string | string[] | undefined, sessionSecret: string): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionSecret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function authorise(request: FastifyRequest, auth: RouteAuth): void {
  if (!('permission' in auth)) return;
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  const team = auth.team?.(request);
  if (!principalCan(principal, auth.permission, team)) throw forbidden(auth.permission);
}

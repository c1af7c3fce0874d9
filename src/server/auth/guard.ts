import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AccountService, AuditSink } from '../../catalog/accounts.ts';
import { principalCan } from '../../catalog/principal.ts';
import { forbidden, HttpError, unauthenticated } from '../errors.ts';
import { auditTokenWrite } from './auth-audit.ts';
import { CSRF_HEADER, csrfTokenFor, SESSION_COOKIE } from './cookies.ts';
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
export function installGuard(app: FastifyInstance, accounts: AccountService, audit?: AuditSink): void {
  app.addHook('onRoute', requireAuthDeclaration);
  // preValidation: strangers get 401/403 before the schema tells them anything about the body.
  app.addHook('preValidation', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (auth === undefined || 'public' in auth) return;
    await authenticate(request, accounts);
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

async function authenticate(request: FastifyRequest, accounts: AccountService): Promise<void> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const principal = match ? await accounts.principalForToken(match[1] as string) : undefined;
    if (!principal) throw unauthenticated();
    request.principal = principal;
    return;
  }
  const secret = request.cookies[SESSION_COOKIE];
  const principal = secret ? await accounts.principalForSession(secret) : undefined;
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

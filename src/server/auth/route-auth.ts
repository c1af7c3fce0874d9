import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../catalog/principal.ts';
import type { Permission } from '../../catalog/roles.ts';

/**
 * Every route declares who may call it, in its definition (`config: { auth: … }`); a route under
 * /api/ without a declaration fails at start-up, so none is public by accident.
 */
export type RouteAuth =
  | { readonly public: true }
  /** Any signed-in person or valid token. */
  | { readonly authenticated: true }
  | {
      readonly permission: Permission;
      /** The team the object belongs to, for team-scoped roles; omitted = a global grant is needed. */
      readonly team?: (request: FastifyRequest) => string | undefined;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    /** Set by the guard for every non-public route. */
    principal?: Principal;
    /** The session cookie's secret, when the caller authenticated with it. */
    sessionSecret?: string;
  }
}

export const PUBLIC: RouteAuth = { public: true };
export const AUTHENTICATED: RouteAuth = { authenticated: true };
export const requires = (
  permission: Permission,
  team?: (request: FastifyRequest) => string | undefined,
): RouteAuth => (team ? { permission, team } : { permission });

/** The principal the guard attached; routes behind the guard can rely on it. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`route ${request.routeOptions.url} ran without the auth guard`);
  return request.principal;
}

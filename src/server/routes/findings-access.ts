import type { Principal } from '../../catalog/principal.ts';
import { actorOf, principalCan } from '../../catalog/principal.ts';
import { type Permission, ROLE_PERMISSIONS } from '../../catalog/roles.ts';
import { PostureError } from '../../posture/errors.ts';
import { type PostureService, serviceNotFound } from '../../posture/service.ts';
import type { Actor, ServiceRef } from '../../posture/types.ts';
import { forbidden, HttpError } from '../errors.ts';

/**
 * Teams whose findings the principal may act on with `permission`: undefined = every team (a
 * global grant); [] = none (the route answers 403).
 */
export function teamsWith(principal: Principal, permission: Permission): string[] | undefined {
  if (principal.scopes && !principal.scopes.includes(permission)) return [];
  const grants = principal.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
  if (grants.some((g) => g.teamId === null)) return undefined;
  return [...new Set(grants.map((g) => g.teamId as string))];
}

/** Whether the caller may see that `teamId`'s services exist (any read or write of them). */
export function maySeeTeam(principal: Principal, teamId: string): boolean {
  return SEE_TEAM.some((p) => principalCan(principal, p, teamId));
}
const SEE_TEAM: readonly Permission[] = ['catalog:read', 'findings:read', 'catalog:write', 'findings:upload'];

/**
 * The service a request names, answered like a name that does not exist (the same 404, same
 * hint) when the caller may not see its team: 404 vs 403 must not tell an outsider that another
 * team's service exists. Callers who may see the team get the real answer (403 and why).
 */
export async function visibleService(
  posture: PostureService,
  principal: Principal,
  name: string,
): Promise<ServiceRef> {
  const service = await mapped(() => posture.service(name));
  if (!maySeeTeam(principal, service.teamId)) throw toHttpError(serviceNotFound(name));
  return service;
}

/** Throws 403 unless the principal holds `permission` for `teamId` (globally or for that team). */
export function assertCan(principal: Principal, permission: Permission, teamId: string): void {
  if (!principalCan(principal, permission, teamId)) throw forbidden(permission);
}

/** The actor posture records, with the roles the principal holds for `teamId`. */
export function actorFor(principal: Principal, teamId: string): Actor {
  const roles = principal.grants.filter((g) => g.teamId === null || g.teamId === teamId).map((g) => g.role);
  return { id: actorOf(principal), roles: [...new Set(roles)] };
}

/** Posture's own errors → the API's error shape; anything else is rethrown untouched. */
export function toHttpError(error: unknown, where: 'body' | 'querystring' = 'body'): unknown {
  if (!(error instanceof PostureError)) return error;
  switch (error.reason) {
    case 'invalid': {
      const field = error.field?.startsWith(where) ? error.field : error.field && `${where}.${error.field}`;
      return new HttpError(400, 'E_VALIDATION', error.message, field ? { field } : {});
    }
    case 'not-found':
      return new HttpError(404, 'E_NOT_FOUND', error.message, error.hint ? { hint: error.hint } : {});
    case 'forbidden':
      return new HttpError(403, 'E_FORBIDDEN', error.message, {});
    case 'conflict':
      return new HttpError(409, 'E_CONFLICT', error.message, {});
  }
}

/** Runs `work`, mapping posture errors to HTTP errors. */
export async function mapped<T>(work: () => Promise<T>, where: 'body' | 'querystring' = 'body'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toHttpError(error, where);
  }
}

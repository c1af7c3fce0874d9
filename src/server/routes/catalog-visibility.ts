/**
 * Team and system names cannot be probed: to a caller who may not see a team (or system) at
 * all, it is answered exactly like one that does not exist — the same 404, message and hint —
 * as 3f04f7c did for services. Callers who may see it get the real answer (e.g. 403 naming the
 * permission they lack). docs/catalog.md, src/server/service-probe.test.ts.
 */
import { CatalogError } from '../../catalog/catalog-errors.ts';
import type { CatalogManager } from '../../catalog/catalog-service.ts';
import type { Principal } from '../../catalog/principal.ts';
import { HttpError } from '../errors.ts';
import { maySeeTeam, teamsWith } from './findings-access.ts';

// Both "missing" and "hidden" are built here, so they cannot drift apart.
export const teamNotFound = (ref: string): HttpError =>
  new HttpError(404, 'E_NOT_FOUND', `team ${ref} not found`, {
    hint: 'GET /api/teams lists the teams you may see',
  });
export const systemNotFound = (ref: string): HttpError =>
  new HttpError(404, 'E_NOT_FOUND', `system ${ref} not found`, {
    hint: 'GET /api/systems lists the systems you may see',
  });

/** `find`, with the catalog's own "not found" replaced by `notFound` (other errors untouched). */
async function found<T>(find: () => Promise<T>, notFound: () => HttpError): Promise<T> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof CatalogError && error.reason === 'not-found') throw notFound();
    throw error;
  }
}

type Team = Awaited<ReturnType<CatalogManager['team']>>;
type System = Awaited<ReturnType<CatalogManager['system']>>;

/** The team `ref` names (id or name), or 404 when missing or when the caller may not see it. */
export async function visibleTeam(catalog: CatalogManager, principal: Principal, ref: string): Promise<Team> {
  const team = await found(
    () => catalog.team(ref),
    () => teamNotFound(ref),
  );
  if (!maySeeTeam(principal, team.id)) throw teamNotFound(ref);
  return team;
}

/**
 * The system `ref` names, or 404 when missing or when the caller may not see it. Seen = what
 * GET /api/systems lists for the caller (global catalog readers: all; a team role: systems its
 * teams own or hold services in), plus systems owned by a team the caller may see otherwise.
 */
export async function visibleSystem(
  catalog: CatalogManager,
  principal: Principal,
  ref: string,
): Promise<System> {
  const system = await found(
    () => catalog.system(ref),
    () => systemNotFound(ref),
  );
  const readable = teamsWith(principal, 'catalog:read');
  if (readable === undefined) return system;
  if (system.ownerTeamId !== null && maySeeTeam(principal, system.ownerTeamId)) return system;
  // Only the caller's teams' services in this system: not every service those teams hold.
  const held = await catalog.listServices({ teamIds: readable, systemId: system.id });
  if (held.length > 0) return system;
  throw systemNotFound(ref);
}

/**
 * A service body's `system` (id or name; null/absent: nothing to check). A missing system and
 * one the caller may not see both get this one answer, naming body.system — otherwise attaching
 * a service would tell a team role which other teams' systems exist.
 */
export async function visibleBodySystem(
  catalog: CatalogManager,
  principal: Principal,
  ref: string | null | undefined,
): Promise<void> {
  if (typeof ref !== 'string') return;
  try {
    await visibleSystem(catalog, principal, ref);
  } catch (error) {
    // visibleSystem's 404 is already the same for missing and hidden; only the wording moves.
    throw error instanceof HttpError && error.statusCode === 404 ? bodySystemNotFound(ref) : error;
  }
}
const bodySystemNotFound = (ref: string): HttpError =>
  new HttpError(404, 'E_NOT_FOUND', `system ${ref} not found`, {
    hint: 'create the system first (POST /api/systems) or import its System entity',
    field: 'body.system',
  });

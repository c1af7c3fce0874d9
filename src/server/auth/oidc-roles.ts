import { isRoleName, type RoleGrant } from '../../catalog/roles.ts';
import type { Store } from '../../store/store.ts';
import type { OidcConfig } from './oidc-config.ts';

/** Reads a claim by dotted path (`realm_access.roles`); strings and arrays of strings count. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `admin` or `developer@payments` (team by name) → a grant; undefined when malformed. */
export function parseRoleSpec(spec: string): { role: RoleGrant['role']; team?: string } | undefined {
  const [role, team, extra] = spec.split('@');
  if (extra !== undefined || role === undefined || !isRoleName(role)) return undefined;
  return team ? { role, team } : { role };
}

/** Maps the IdP's group/role claim to Rampart grants through the configured table. */
export async function grantsFromClaims(
  claims: Record<string, unknown>,
  config: OidcConfig,
  store: Store,
  warn: (message: string) => void,
): Promise<RoleGrant[]> {
  const grants: RoleGrant[] = [];
  for (const value of claimValues(claims, config.roleClaim ?? 'groups')) {
    const mapped = config.roleMapping[value];
    if (mapped === undefined) continue;
    for (const spec of typeof mapped === 'string' ? [mapped] : mapped) {
      const parsed = parseRoleSpec(spec);
      if (!parsed) {
        warn(`oidc.roleMapping[${JSON.stringify(value)}]: '${spec}' is not a role or role@team`);
        continue;
      }
      if (parsed.team === undefined) {
        grants.push({ role: parsed.role, teamId: null });
        continue;
      }
      const team = await store.db
        .selectFrom('teams')
        .select('id')
        .where('name', '=', parsed.team)
        .executeTakeFirst();
      if (team) grants.push({ role: parsed.role, teamId: team.id });
      else warn(`oidc.roleMapping[${JSON.stringify(value)}]: team '${parsed.team}' does not exist`);
    }
  }
  return grants;
}

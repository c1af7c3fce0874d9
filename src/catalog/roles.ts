/**
 * Rampart's roles and what each may do. Roles are held globally or for one team (an architect may
 * serve several teams); a permission held for a team applies only to that team's objects.
 */
export const ROLE_NAMES = [
  'admin',
  'security',
  'architect',
  'developer',
  'risk-owner',
  'auditor',
  'viewer',
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export const PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'findings:read',
  'findings:upload',
  'findings:waive',
  'findings:accept-risk',
  /** Ask for a waiver or risk acceptance that someone else decides (docs/findings-lifecycle.md). */
  'findings:request-exception',
  'audit:read',
  'tokens:manage',
  'people:read',
  'roles:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: readonly Permission[] = ['catalog:read', 'findings:read'];

/** Kept as data so the docs table and the tests read the same source. */
export const ROLE_PERMISSIONS: Readonly<Record<RoleName, readonly Permission[]>> = {
  admin: PERMISSIONS,
  security: [
    ...READ,
    'findings:upload',
    'findings:waive',
    'findings:request-exception',
    'catalog:write',
    'audit:read',
    'people:read',
    'tokens:manage',
  ],
  architect: [
    ...READ,
    'findings:waive',
    'findings:request-exception',
    'catalog:write',
    'people:read',
    'tokens:manage',
  ],
  developer: [...READ, 'findings:upload', 'findings:request-exception', 'tokens:manage'],
  'risk-owner': [...READ, 'findings:accept-risk'],
  // Read-only everything, including the audit log.
  auditor: [...READ, 'audit:read', 'people:read'],
  viewer: READ,
};

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** A role a person holds: everywhere (teamId null) or for one team. */
export interface RoleGrant {
  readonly role: RoleName;
  readonly teamId: string | null;
}

/**
 * True when one of `grants` gives `permission` globally, or for `teamId` when the object belongs to
 * a team. Without a team, only global grants count: a team role never reaches other teams' data.
 */
export function grantsAllow(grants: readonly RoleGrant[], permission: Permission, teamId?: string): boolean {
  return grants.some(
    (g) =>
      ROLE_PERMISSIONS[g.role].includes(permission) &&
      (g.teamId === null || (teamId !== undefined && g.teamId === teamId)),
  );
}

/** True when any grant, global or for some team, gives `permission` (e.g. to list one's own teams' data). */
export function grantsAllowSomewhere(grants: readonly RoleGrant[], permission: Permission): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

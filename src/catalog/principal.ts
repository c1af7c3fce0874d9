import { grantsAllow, grantsAllowSomewhere, type Permission, type RoleGrant } from './roles.ts';

/** Who is calling: a signed-in person, or an API token acting for its owner with narrowed scopes. */
export interface Principal {
  readonly kind: 'session' | 'token';
  readonly personId: string;
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly RoleGrant[];
  /** Token calls only: the permissions the token was created with. */
  readonly scopes?: readonly Permission[];
  readonly tokenId?: string;
}

/** Audit actor string for the principal (`person:<id>` or `token:<id>`). */
export function actorOf(principal: Principal): string {
  return principal.kind === 'token' ? `token:${principal.tokenId}` : `person:${principal.personId}`;
}

/** A token may never do more than its owner, nor more than its scopes. */
export function principalCan(principal: Principal, permission: Permission, teamId?: string): boolean {
  if (principal.scopes && !principal.scopes.includes(permission)) return false;
  return grantsAllow(principal.grants, permission, teamId);
}

/** For listings filtered to the caller's teams afterwards. */
export function principalCanSomewhere(principal: Principal, permission: Permission): boolean {
  if (principal.scopes && !principal.scopes.includes(permission)) return false;
  return grantsAllowSomewhere(principal.grants, permission);
}

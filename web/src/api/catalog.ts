// Client for the catalog API (docs/catalog.md): teams, services, systems, people, Backstage import.
import { ApiError, call } from '../api.ts';

export const TIERS = ['critical', 'high', 'medium', 'low'] as const;
/** Roles a team grant may carry (src/catalog/roles.ts). */
export const TEAM_ROLES = [
  'admin',
  'security',
  'architect',
  'developer',
  'risk-owner',
  'auditor',
  'viewer',
] as const;
export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
}

export interface Service {
  readonly id: string;
  readonly name: string;
  readonly ownerTeamId: string;
  readonly tier: string | null;
  readonly dataClassification: string | null;
  readonly repository: string | null;
  readonly systemId: string | null;
  readonly lifecycle: string | null;
  readonly type: string | null;
  readonly updatedAt: string;
}

export interface System {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly ownerTeamId: string | null;
}

export interface Grant {
  readonly role: string;
  readonly teamId: string | null;
}

export interface Person {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly Grant[];
}

/** What /api/me says about the caller's roles. */
export interface Caller {
  readonly grants: readonly Grant[];
  readonly permissions: readonly string[];
}

export interface ImportEntry {
  readonly kind: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly outcome: 'created' | 'updated' | 'unchanged' | 'skipped' | 'error';
  readonly message?: string;
}

export interface ImportReport {
  readonly entries: readonly ImportEntry[];
  readonly counts: Readonly<Record<string, number>>;
}

/** Fields a service form sends; null clears an optional field. */
export interface ServiceFields {
  readonly name?: string;
  readonly owner?: string;
  readonly tier?: string | null;
  readonly dataClassification?: string | null;
  readonly repository?: string | null;
  readonly system?: string | null;
  readonly lifecycle?: string | null;
  readonly type?: string | null;
}

// Roles that carry catalog:write (src/catalog/roles.ts). Only decides which edit controls are
// shown: the server checks every write, so a stale copy hides or shows a button, nothing more.
const WRITE_ROLES = new Set(['admin', 'security', 'architect']);

/** May the caller edit objects of `teamId` (undefined: objects only a global grant may edit)? */
export function canWrite(caller: Caller, teamId?: string | null): boolean {
  return caller.grants.some(
    (g) => WRITE_ROLES.has(g.role) && (g.teamId === null || (teamId != null && g.teamId === teamId)),
  );
}

export const canWriteSomewhere = (caller: Caller) => caller.grants.some((g) => WRITE_ROLES.has(g.role));

const path = (kind: string, ref: string) => `/api/${kind}/${encodeURIComponent(ref)}`;

function csrfToken(): string {
  const match = /(?:^|;\s*)rampart_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1] ?? '') : '';
}

export const catalogApi = {
  caller: () => call<Caller>('GET', '/api/me'),
  teams: () => call<Team[]>('GET', '/api/teams'),
  team: (ref: string) => call<Team>('GET', path('teams', ref)),
  createTeam: (body: { name: string; displayName?: string }) => call<Team>('POST', '/api/teams', body),
  updateTeam: (ref: string, body: { name?: string; displayName?: string }) =>
    call<Team>('PATCH', path('teams', ref), body),
  services: (team?: string) =>
    call<Service[]>('GET', `/api/services${team ? `?team=${encodeURIComponent(team)}` : ''}`),
  service: (ref: string) => call<Service>('GET', path('services', ref)),
  createService: (body: ServiceFields) => call<Service>('POST', '/api/services', body),
  updateService: (ref: string, body: ServiceFields) => call<Service>('PATCH', path('services', ref), body),
  systems: () => call<System[]>('GET', '/api/systems'),
  /** owner: team id or name; null (or absent) = no owner team. */
  createSystem: (body: { name: string; displayName?: string; owner?: string | null }) =>
    call<System>('POST', '/api/systems', body),
  updateSystem: (ref: string, body: { name?: string; displayName?: string; owner?: string | null }) =>
    call<System>('PATCH', path('systems', ref), body),
  people: () => call<Person[]>('GET', '/api/people'),
  /** Grants at creation need roles:manage; without them the person is created with no role. */
  createPerson: (body: { email: string; displayName?: string; grants?: readonly Grant[] }) =>
    call<Person>('POST', '/api/people', body),
  updatePerson: (ref: string, body: { email?: string; displayName?: string }) =>
    call<Person>('PATCH', path('people', ref), body),
  /** Replaces the person's roles in one team ([] removes them from it); other teams untouched. */
  setTeamRoles: (person: string, team: string, roles: readonly string[]) =>
    call<Person>('PUT', `/api/people/${encodeURIComponent(person)}/teams/${encodeURIComponent(team)}/roles`, {
      roles,
    }),
  /** Posts YAML text as it is (the API reads YAML bodies only on this route). */
  async importYaml(file: string, text: string): Promise<ImportReport> {
    const res = await fetch(`/api/catalog/import?file=${encodeURIComponent(file)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml', 'x-csrf-token': csrfToken() },
      credentials: 'same-origin',
      body: text,
    });
    const data = (await res.json().catch(() => ({}))) as ImportReport & { code?: string; message?: string };
    if (!res.ok)
      throw new ApiError(res.status, data.code ?? 'E_UNKNOWN', data.message ?? `HTTP ${res.status}`);
    return data;
  },
};

/** A readable message for a failed call. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

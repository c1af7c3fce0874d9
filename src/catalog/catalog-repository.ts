import type { RoleGrant } from './roles.ts';

export interface CatalogTeam {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CatalogPerson {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A person with the roles they hold (globally or per team): an architect may serve several teams. */
export interface CatalogPersonWithGrants extends CatalogPerson {
  readonly grants: readonly RoleGrant[];
}

export interface CatalogService {
  readonly id: string;
  readonly name: string;
  readonly ownerTeamId: string;
  readonly tier: string | null;
  readonly dataClassification: string | null;
  readonly repository: string | null;
  /** Backstage `spec.system`: the system the service belongs to (migration 0007). */
  readonly systemId: string | null;
  /** Backstage `spec.lifecycle`, e.g. production, experimental, deprecated. */
  readonly lifecycle: string | null;
  /** Backstage `spec.type`, e.g. service, website, library. */
  readonly type: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A Backstage System: a named group of services, optionally owned by a team. */
export interface CatalogSystem {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly ownerTeamId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type TeamFields = Pick<CatalogTeam, 'name' | 'displayName'>;
export type PersonFields = Pick<CatalogPerson, 'email' | 'displayName'>;
export type ServiceFields = Pick<
  CatalogService,
  'name' | 'ownerTeamId' | 'tier' | 'dataClassification' | 'repository' | 'systemId' | 'lifecycle' | 'type'
>;
export type SystemFields = Pick<CatalogSystem, 'name' | 'displayName' | 'ownerTeamId'>;

/**
 * What the catalog needs from storage. Declared here, implemented by the store adapter
 * (src/store/repositories/catalog-store.ts), so the service depends on nothing outward.
 * Inserts and updates throw CatalogError('conflict') when a unique name/email is taken.
 */
export interface CatalogRepository {
  listTeams(): Promise<CatalogTeam[]>;
  teamById(id: string): Promise<CatalogTeam | undefined>;
  teamByName(name: string): Promise<CatalogTeam | undefined>;
  insertTeam(team: CatalogTeam): Promise<void>;
  updateTeam(id: string, fields: TeamFields, at: string): Promise<void>;
  deleteTeam(id: string): Promise<void>;
  /** Services owned by the team (a team that owns services cannot be deleted). */
  countServicesOf(teamId: string): Promise<number>;

  listPeople(): Promise<CatalogPerson[]>;
  personById(id: string): Promise<CatalogPerson | undefined>;
  personByEmail(email: string): Promise<CatalogPerson | undefined>;
  insertPerson(person: CatalogPerson): Promise<void>;
  updatePerson(id: string, fields: PersonFields, at: string): Promise<void>;
  deletePerson(id: string): Promise<void>;
  grantsOf(personId: string): Promise<RoleGrant[]>;
  /** Replaces every grant of the person in one transaction. */
  replaceGrants(personId: string, grants: readonly RoleGrant[], at: string): Promise<void>;

  listSystems(): Promise<CatalogSystem[]>;
  systemById(id: string): Promise<CatalogSystem | undefined>;
  systemByName(name: string): Promise<CatalogSystem | undefined>;
  insertSystem(system: CatalogSystem): Promise<void>;
  updateSystem(id: string, fields: SystemFields, at: string): Promise<void>;
  /** Its services stay, without a system. */
  deleteSystem(id: string): Promise<void>;

  /** Services by name; each filter given narrows (owner team, owner among teams, system). */
  listServices(filter?: {
    teamId?: string;
    teamIds?: readonly string[];
    systemId?: string;
  }): Promise<CatalogService[]>;
  serviceById(id: string): Promise<CatalogService | undefined>;
  serviceByName(name: string): Promise<CatalogService | undefined>;
  insertService(service: CatalogService): Promise<void>;
  updateService(id: string, fields: ServiceFields, at: string): Promise<void>;
  deleteService(id: string): Promise<void>;
}

import { randomUUID } from 'node:crypto';
import type { AuditSink } from './accounts.ts';
import { CatalogError, invalidField } from './catalog-errors.ts';
import type {
  CatalogPerson,
  CatalogPersonWithGrants,
  CatalogRepository,
  CatalogService,
  CatalogSystem,
  CatalogTeam,
} from './catalog-repository.ts';
import {
  checkDisplayName,
  checkEmail,
  checkName,
  checkOneOf,
  checkRepositoryUrl,
  checkWord,
  DATA_CLASSIFICATIONS,
  TIERS,
} from './catalog-validation.ts';
import { isRoleName, type RoleGrant, type RoleName } from './roles.ts';

export interface TeamInput {
  readonly name?: string;
  readonly displayName?: string;
}

export interface PersonInput {
  readonly email?: string;
  readonly displayName?: string;
}

export interface ServiceInput {
  readonly name?: string;
  /** Owner team, by id or name. */
  readonly owner?: string;
  readonly tier?: string | null;
  readonly dataClassification?: string | null;
  readonly repository?: string | null;
  /** System by id or name; null clears. */
  readonly system?: string | null;
  readonly lifecycle?: string | null;
  readonly type?: string | null;
}

export interface SystemInput {
  readonly name?: string;
  readonly displayName?: string;
  /** Owner team by id or name; null clears. */
  readonly owner?: string | null;
}

/** What a write did: `unchanged` lets the importer report idempotent re-runs. */
export interface Written<T> {
  readonly value: T;
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

export interface CatalogManagerOptions {
  readonly now?: () => Date;
  /**
   * Called inside the transaction of a service's owner change, before its audit entry: the
   * posture side re-homes the service's findings and requests (PostureService.serviceTeamChanged).
   */
  readonly serviceTeamChanged?: (serviceId: string) => Promise<void>;
}

/**
 * Teams, people (with their roles) and services. Every change is validated, checked against
 * what exists (404/409 reasons) and appended to the audit log with the acting principal.
 */
export class CatalogManager {
  readonly #repo: CatalogRepository;
  readonly #audit: AuditSink;
  readonly #now: () => Date;
  readonly #serviceTeamChanged: (serviceId: string) => Promise<void>;

  constructor(repo: CatalogRepository, audit: AuditSink, options: CatalogManagerOptions = {}) {
    this.#repo = repo;
    this.#audit = audit;
    this.#now = options.now ?? (() => new Date());
    this.#serviceTeamChanged = options.serviceTeamChanged ?? (async () => undefined);
  }

  // ── teams ────────────────────────────────────────────────────────────────────────────────
  listTeams(): Promise<CatalogTeam[]> {
    return this.#repo.listTeams();
  }

  /** By id or name. */
  async team(ref: string): Promise<CatalogTeam> {
    const team = (await this.#repo.teamById(ref)) ?? (await this.#repo.teamByName(ref));
    if (!team)
      throw new CatalogError('not-found', `team ${ref} not found`, { hint: 'GET /api/teams lists teams' });
    return team;
  }

  async createTeam(actor: string, input: TeamInput): Promise<CatalogTeam> {
    return this.#audit.transaction(async () => {
      if (input.name === undefined) throw invalidField('name', 'is required');
      const name = checkName('name', input.name);
      const displayName = checkDisplayName('displayName', input.displayName ?? name);
      if (await this.#repo.teamByName(name)) throw conflict(`team ${name} already exists`);
      const at = this.#now().toISOString();
      const team: CatalogTeam = { id: randomUUID(), name, displayName, createdAt: at, updatedAt: at };
      await this.#repo.insertTeam(team);
      await this.#record(actor, 'catalog.team.create', `team:${team.id}`, { name, displayName });
      return team;
    });
  }

  async updateTeam(actor: string, ref: string, input: TeamInput): Promise<Written<CatalogTeam>> {
    return this.#audit.transaction(async () => {
      const before = await this.team(ref);
      const name = input.name === undefined ? before.name : checkName('name', input.name);
      const displayName =
        input.displayName === undefined
          ? before.displayName
          : checkDisplayName('displayName', input.displayName);
      if (name === before.name && displayName === before.displayName)
        return { value: before, outcome: 'unchanged' };
      if (name !== before.name && (await this.#repo.teamByName(name)))
        throw conflict(`team ${name} already exists`);
      const at = this.#now().toISOString();
      await this.#repo.updateTeam(before.id, { name, displayName }, at);
      await this.#record(actor, 'catalog.team.update', `team:${before.id}`, {
        changes: diff(before, { name, displayName }),
      });
      return { value: { ...before, name, displayName, updatedAt: at }, outcome: 'updated' };
    });
  }

  async deleteTeam(actor: string, ref: string): Promise<void> {
    return this.#audit.transaction(async () => {
      const team = await this.team(ref);
      const owned = await this.#repo.countServicesOf(team.id);
      if (owned > 0) throw conflict(`team ${team.name} owns ${owned} service(s); move or delete them first`);
      await this.#repo.deleteTeam(team.id);
      await this.#record(actor, 'catalog.team.delete', `team:${team.id}`, { name: team.name });
    });
  }

  // ── people ───────────────────────────────────────────────────────────────────────────────
  async listPeople(): Promise<CatalogPersonWithGrants[]> {
    const people = await this.#repo.listPeople();
    return Promise.all(people.map(async (p) => ({ ...p, grants: await this.#repo.grantsOf(p.id) })));
  }

  /** By id or email. */
  async person(ref: string): Promise<CatalogPersonWithGrants> {
    const person = (await this.#repo.personById(ref)) ?? (await this.#repo.personByEmail(ref.toLowerCase()));
    if (!person)
      throw new CatalogError('not-found', `person ${ref} not found`, {
        hint: 'GET /api/people lists people',
      });
    return { ...person, grants: await this.#repo.grantsOf(person.id) };
  }

  async createPerson(
    actor: string,
    input: PersonInput,
    grants?: readonly RoleGrant[],
  ): Promise<CatalogPersonWithGrants> {
    return this.#audit.transaction(async () => {
      if (input.email === undefined) throw invalidField('email', 'is required');
      const email = checkEmail('email', input.email);
      const displayName = checkDisplayName('displayName', input.displayName ?? email);
      const checked = grants ? await this.#checkGrants(grants) : [];
      if (await this.#repo.personByEmail(email)) throw conflict(`person ${email} already exists`);
      const at = this.#now().toISOString();
      const person: CatalogPerson = { id: randomUUID(), email, displayName, createdAt: at, updatedAt: at };
      await this.#repo.insertPerson(person);
      if (checked.length > 0) await this.#repo.replaceGrants(person.id, checked, at);
      await this.#record(actor, 'catalog.person.create', `person:${person.id}`, {
        email,
        displayName,
        grants: checked.map(grantJson),
      });
      return { ...person, grants: await this.#repo.grantsOf(person.id) };
    });
  }

  async updatePerson(
    actor: string,
    ref: string,
    input: PersonInput,
  ): Promise<Written<CatalogPersonWithGrants>> {
    return this.#audit.transaction(async () => {
      const before = await this.person(ref);
      const email = input.email === undefined ? before.email : checkEmail('email', input.email);
      const displayName =
        input.displayName === undefined
          ? before.displayName
          : checkDisplayName('displayName', input.displayName);
      if (email === before.email && displayName === before.displayName)
        return { value: before, outcome: 'unchanged' };
      if (email !== before.email && (await this.#repo.personByEmail(email)))
        throw conflict(`person ${email} already exists`);
      const at = this.#now().toISOString();
      await this.#repo.updatePerson(before.id, { email, displayName }, at);
      await this.#record(actor, 'catalog.person.update', `person:${before.id}`, {
        changes: diff(before, { email, displayName }),
      });
      return { value: { ...before, email, displayName, updatedAt: at }, outcome: 'updated' };
    });
  }

  async deletePerson(actor: string, ref: string): Promise<void> {
    return this.#audit.transaction(async () => {
      const person = await this.person(ref);
      await this.#repo.deletePerson(person.id);
      await this.#record(actor, 'catalog.person.delete', `person:${person.id}`, { email: person.email });
    });
  }

  /**
   * Sets the roles `ref` holds for one team, leaving global roles and other teams alone — how an
   * architect comes to serve several teams. An empty list removes the person from the team.
   */
  async setTeamRoles(
    actor: string,
    ref: string,
    teamRef: string,
    roles: readonly string[],
  ): Promise<Written<CatalogPersonWithGrants>> {
    return this.#audit.transaction(async () => {
      const person = await this.person(ref);
      const team = await this.team(teamRef);
      const wanted = [...new Set(roles.map((r, i) => checkRole(`roles[${i}]`, r)))].sort();
      const current = person.grants
        .filter((g) => g.teamId === team.id)
        .map((g) => g.role)
        .sort();
      if (wanted.join() === current.join()) return { value: person, outcome: 'unchanged' };
      const grants = [
        ...person.grants.filter((g) => g.teamId !== team.id),
        ...wanted.map((role) => ({ role, teamId: team.id })),
      ];
      await this.#repo.replaceGrants(person.id, grants, this.#now().toISOString());
      await this.#record(actor, 'catalog.person.team-roles', `person:${person.id}`, {
        team: team.id,
        from: current,
        to: wanted,
      });
      return { value: { ...person, grants: await this.#repo.grantsOf(person.id) }, outcome: 'updated' };
    });
  }

  // ── services ─────────────────────────────────────────────────────────────────────────────
  /** `teamIds` narrows to the teams a team-scoped caller may read; `systemId` to one system. */
  async listServices(
    filter: { team?: string; teamIds?: readonly string[]; systemId?: string } = {},
  ): Promise<CatalogService[]> {
    const narrow = {
      ...(filter.teamIds ? { teamIds: filter.teamIds } : {}),
      ...(filter.systemId !== undefined ? { systemId: filter.systemId } : {}),
    };
    if (filter.team === undefined) return this.#repo.listServices(narrow);
    return this.#repo.listServices({ teamId: (await this.team(filter.team)).id, ...narrow });
  }

  async service(ref: string): Promise<CatalogService> {
    const service = (await this.#repo.serviceById(ref)) ?? (await this.#repo.serviceByName(ref));
    if (!service) throw serviceNotFound(ref);
    return service;
  }

  async createService(actor: string, input: ServiceInput): Promise<CatalogService> {
    return this.#audit.transaction(async () => {
      if (input.name === undefined) throw invalidField('name', 'is required');
      if (input.owner === undefined) throw invalidField('owner', 'is required');
      const name = checkName('name', input.name);
      const fields = {
        name,
        ownerTeamId: (await this.#ownerTeam(input.owner)).id,
        tier: checkOneOf('tier', input.tier ?? null, TIERS),
        dataClassification: checkOneOf(
          'dataClassification',
          input.dataClassification ?? null,
          DATA_CLASSIFICATIONS,
        ),
        repository: checkRepositoryUrl('repository', input.repository ?? null),
        systemId: input.system == null ? null : (await this.#systemRef(input.system)).id,
        lifecycle: checkWord('lifecycle', input.lifecycle ?? null),
        type: checkWord('type', input.type ?? null),
      };
      if (await this.#repo.serviceByName(name)) throw conflict(`service ${name} already exists`);
      const at = this.#now().toISOString();
      const service: CatalogService = { id: randomUUID(), ...fields, createdAt: at, updatedAt: at };
      await this.#repo.insertService(service);
      await this.#record(actor, 'catalog.service.create', `service:${service.id}`, { ...fields });
      return service;
    });
  }

  async updateService(actor: string, ref: string, input: ServiceInput): Promise<Written<CatalogService>> {
    return this.#audit.transaction(async () => {
      const before = await this.service(ref);
      const fields = {
        name: input.name === undefined ? before.name : checkName('name', input.name),
        ownerTeamId: input.owner === undefined ? before.ownerTeamId : (await this.#ownerTeam(input.owner)).id,
        tier: input.tier === undefined ? before.tier : checkOneOf('tier', input.tier, TIERS),
        dataClassification:
          input.dataClassification === undefined
            ? before.dataClassification
            : checkOneOf('dataClassification', input.dataClassification, DATA_CLASSIFICATIONS),
        repository:
          input.repository === undefined
            ? before.repository
            : checkRepositoryUrl('repository', input.repository),
        systemId:
          input.system === undefined
            ? before.systemId
            : input.system === null
              ? null
              : (await this.#systemRef(input.system)).id,
        lifecycle: input.lifecycle === undefined ? before.lifecycle : checkWord('lifecycle', input.lifecycle),
        type: input.type === undefined ? before.type : checkWord('type', input.type),
      };
      const changes = diff(before, fields);
      if (Object.keys(changes).length === 0) return { value: before, outcome: 'unchanged' };
      if (fields.name !== before.name && (await this.#repo.serviceByName(fields.name)))
        throw conflict(`service ${fields.name} already exists`);
      const at = this.#now().toISOString();
      await this.#repo.updateService(before.id, fields, at);
      if (fields.ownerTeamId !== before.ownerTeamId) await this.#serviceTeamChanged(before.id);
      await this.#record(actor, 'catalog.service.update', `service:${before.id}`, { changes });
      return { value: { ...before, ...fields, updatedAt: at }, outcome: 'updated' };
    });
  }

  async deleteService(actor: string, ref: string): Promise<void> {
    return this.#audit.transaction(async () => {
      const service = await this.service(ref);
      await this.#repo.deleteService(service.id);
      await this.#record(actor, 'catalog.service.delete', `service:${service.id}`, { name: service.name });
    });
  }

  // ── systems ──────────────────────────────────────────────────────────────────────────────
  listSystems(): Promise<CatalogSystem[]> {
    return this.#repo.listSystems();
  }

  /** By id or name. */
  async system(ref: string): Promise<CatalogSystem> {
    const system = (await this.#repo.systemById(ref)) ?? (await this.#repo.systemByName(ref));
    if (!system)
      throw new CatalogError('not-found', `system ${ref} not found`, {
        hint: 'GET /api/systems lists systems',
      });
    return system;
  }

  async createSystem(actor: string, input: SystemInput): Promise<CatalogSystem> {
    return this.#audit.transaction(async () => {
      if (input.name === undefined) throw invalidField('name', 'is required');
      const name = checkName('name', input.name);
      const displayName = checkDisplayName('displayName', input.displayName ?? name);
      const ownerTeamId = input.owner == null ? null : (await this.#ownerTeam(input.owner)).id;
      if (await this.#repo.systemByName(name)) throw conflict(`system ${name} already exists`);
      const at = this.#now().toISOString();
      const system: CatalogSystem = {
        id: randomUUID(),
        name,
        displayName,
        ownerTeamId,
        createdAt: at,
        updatedAt: at,
      };
      await this.#repo.insertSystem(system);
      await this.#record(actor, 'catalog.system.create', `system:${system.id}`, {
        name,
        displayName,
        ownerTeamId,
      });
      return system;
    });
  }

  async updateSystem(actor: string, ref: string, input: SystemInput): Promise<Written<CatalogSystem>> {
    return this.#audit.transaction(async () => {
      const before = await this.system(ref);
      const fields = {
        name: input.name === undefined ? before.name : checkName('name', input.name),
        displayName:
          input.displayName === undefined
            ? before.displayName
            : checkDisplayName('displayName', input.displayName),
        ownerTeamId:
          input.owner === undefined
            ? before.ownerTeamId
            : input.owner === null
              ? null
              : (await this.#ownerTeam(input.owner)).id,
      };
      const changes = diff(before, fields);
      if (Object.keys(changes).length === 0) return { value: before, outcome: 'unchanged' };
      if (fields.name !== before.name && (await this.#repo.systemByName(fields.name)))
        throw conflict(`system ${fields.name} already exists`);
      const at = this.#now().toISOString();
      await this.#repo.updateSystem(before.id, fields, at);
      await this.#record(actor, 'catalog.system.update', `system:${before.id}`, { changes });
      return { value: { ...before, ...fields, updatedAt: at }, outcome: 'updated' };
    });
  }

  async deleteSystem(actor: string, ref: string): Promise<void> {
    return this.#audit.transaction(async () => {
      const system = await this.system(ref);
      await this.#repo.deleteSystem(system.id);
      await this.#record(actor, 'catalog.system.delete', `system:${system.id}`, { name: system.name });
    });
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────
  async #ownerTeam(ref: string): Promise<CatalogTeam> {
    try {
      return await this.team(ref);
    } catch (error) {
      if (error instanceof CatalogError && error.reason === 'not-found')
        throw new CatalogError('not-found', `owner team ${ref} not found`, {
          hint: 'create the team first (POST /api/teams) or import its Group',
          field: 'owner',
        });
      throw error;
    }
  }

  async #systemRef(ref: string): Promise<CatalogSystem> {
    try {
      return await this.system(ref);
    } catch (error) {
      if (error instanceof CatalogError && error.reason === 'not-found')
        throw new CatalogError('not-found', `system ${ref} not found`, {
          hint: 'create the system first (POST /api/systems) or import its System entity',
          field: 'system',
        });
      throw error;
    }
  }

  async #checkGrants(grants: readonly RoleGrant[]): Promise<RoleGrant[]> {
    const out: RoleGrant[] = [];
    for (const [i, g] of grants.entries()) {
      const role = checkRole(`grants[${i}].role`, g.role);
      const teamId = g.teamId === null ? null : (await this.team(g.teamId)).id;
      out.push({ role, teamId });
    }
    return out;
  }

  /**
   * Called last in each change, inside its audit transaction: the entry joins it, so the change
   * and its entry commit together or not at all.
   */
  async #record(
    actor: string,
    action: string,
    target: string,
    details: Record<string, JsonValue>,
  ): Promise<void> {
    await this.#audit.append({ actor, action, target, details });
  }
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function checkRole(field: string, role: string): RoleName {
  if (!isRoleName(role)) throw invalidField(field, `is not a role (got '${String(role).slice(0, 50)}')`);
  return role;
}

/**
 * The answer for a service reference that does not exist — and, from the routes, for one the
 * caller may not see, so a name does not reveal that another team's service exists.
 */
export function serviceNotFound(ref: string): CatalogError {
  return new CatalogError('not-found', `service ${ref} not found`, {
    hint: 'GET /api/services lists the services you may see',
  });
}

const conflict = (message: string) => new CatalogError('conflict', message);

function grantJson(g: RoleGrant): { role: string; teamId: string | null } {
  return { role: g.role, teamId: g.teamId };
}

/** `{ field: { from, to } }` for each field whose value changes. */
function diff<T extends object>(before: T, after: Partial<T>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, to] of Object.entries(after)) {
    const from = (before as Record<string, unknown>)[key];
    if (from !== to) out[key] = { from: (from ?? null) as JsonValue, to: (to ?? null) as JsonValue };
  }
  return out;
}

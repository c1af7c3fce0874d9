import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { CatalogError } from '../../catalog/catalog-errors.ts';
import type {
  CatalogPerson,
  CatalogRepository,
  CatalogService,
  CatalogSystem,
  CatalogTeam,
  PersonFields,
  ServiceFields,
  SystemFields,
  TeamFields,
} from '../../catalog/catalog-repository.ts';
import { isRoleName, type RoleGrant } from '../../catalog/roles.ts';
import type { PersonTable, ServiceTable, SystemTable, TeamTable } from '../schema.ts';
import type { Store } from '../store.ts';
import { forgetServiceCounters } from './posture-counters.ts';

/** The catalog's storage on Kysely (SQLite and PostgreSQL alike). */
export class StoreCatalogRepository implements CatalogRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  get #db() {
    return this.#store.db;
  }

  async listTeams(): Promise<CatalogTeam[]> {
    return (await this.#db.selectFrom('teams').selectAll().orderBy('name').execute()).map(toTeam);
  }

  async teamById(id: string): Promise<CatalogTeam | undefined> {
    const row = await this.#db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTeam(row);
  }

  async teamByName(name: string): Promise<CatalogTeam | undefined> {
    const row = await this.#db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toTeam(row);
  }

  async insertTeam(t: CatalogTeam): Promise<void> {
    await this.#unique(`team ${t.name}`, () =>
      this.#db
        .insertInto('teams')
        .values({
          id: t.id,
          name: t.name,
          display_name: t.displayName,
          created_at: t.createdAt,
          updated_at: t.updatedAt,
        })
        .execute(),
    );
  }

  async updateTeam(id: string, f: TeamFields, at: string): Promise<void> {
    await this.#unique(`team ${f.name}`, () =>
      this.#db
        .updateTable('teams')
        .set({ name: f.name, display_name: f.displayName, updated_at: at })
        .where('id', '=', id)
        .execute(),
    );
  }

  async deleteTeam(id: string): Promise<void> {
    await this.#db.deleteFrom('teams').where('id', '=', id).execute();
  }

  async countServicesOf(teamId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('services')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('owner_team_id', '=', teamId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async listPeople(): Promise<CatalogPerson[]> {
    return (await this.#db.selectFrom('people').selectAll().orderBy('email').execute()).map(toPerson);
  }

  async personById(id: string): Promise<CatalogPerson | undefined> {
    const row = await this.#db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPerson(row);
  }

  async personByEmail(email: string): Promise<CatalogPerson | undefined> {
    const row = await this.#db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirst();
    return row && toPerson(row);
  }

  async insertPerson(p: CatalogPerson): Promise<void> {
    await this.#unique(`person ${p.email}`, () =>
      this.#db
        .insertInto('people')
        .values({
          id: p.id,
          email: p.email,
          display_name: p.displayName,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
        })
        .execute(),
    );
  }

  async updatePerson(id: string, f: PersonFields, at: string): Promise<void> {
    await this.#unique(`person ${f.email}`, () =>
      this.#db
        .updateTable('people')
        .set({ email: f.email, display_name: f.displayName, updated_at: at })
        .where('id', '=', id)
        .execute(),
    );
  }

  async deletePerson(id: string): Promise<void> {
    await this.#db.deleteFrom('people').where('id', '=', id).execute();
  }

  async grantsOf(personId: string): Promise<RoleGrant[]> {
    const rows = await this.#db
      .selectFrom('memberships')
      .select(['role', 'team_id'])
      .where('person_id', '=', personId)
      .orderBy('role')
      .orderBy('team_id')
      .execute();
    return rows.flatMap((r) => (isRoleName(r.role) ? [{ role: r.role, teamId: r.team_id }] : []));
  }

  async replaceGrants(personId: string, grants: readonly RoleGrant[], at: string): Promise<void> {
    const unique = [...new Map(grants.map((g) => [`${g.role}\0${g.teamId ?? ''}`, g])).values()];
    await this.#store.transaction(async (trx) => {
      await trx.deleteFrom('memberships').where('person_id', '=', personId).execute();
      if (unique.length === 0) return;
      await trx
        .insertInto('memberships')
        .values(
          unique.map((g) => ({
            id: randomUUID(),
            person_id: personId,
            team_id: g.teamId,
            role: g.role,
            created_at: at,
          })),
        )
        .execute();
    });
  }

  async listSystems(): Promise<CatalogSystem[]> {
    return (await this.#db.selectFrom('systems').selectAll().orderBy('name').execute()).map(toSystem);
  }

  async systemById(id: string): Promise<CatalogSystem | undefined> {
    const row = await this.#db.selectFrom('systems').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSystem(row);
  }

  async systemByName(name: string): Promise<CatalogSystem | undefined> {
    const row = await this.#db.selectFrom('systems').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toSystem(row);
  }

  async insertSystem(s: CatalogSystem): Promise<void> {
    await this.#unique(`system ${s.name}`, () =>
      this.#db
        .insertInto('systems')
        .values({
          id: s.id,
          name: s.name,
          display_name: s.displayName,
          owner_team_id: s.ownerTeamId,
          created_at: s.createdAt,
          updated_at: s.updatedAt,
        })
        .execute(),
    );
  }

  async updateSystem(id: string, f: SystemFields, at: string): Promise<void> {
    await this.#unique(`system ${f.name}`, () =>
      this.#db
        .updateTable('systems')
        .set({ name: f.name, display_name: f.displayName, owner_team_id: f.ownerTeamId, updated_at: at })
        .where('id', '=', id)
        .execute(),
    );
  }

  async deleteSystem(id: string): Promise<void> {
    // Explicit rather than relying on ON DELETE SET NULL, which SQLite honours only with
    // foreign_keys on.
    await this.#store.transaction(async (trx) => {
      await trx.updateTable('services').set({ system_id: null }).where('system_id', '=', id).execute();
      await trx.deleteFrom('systems').where('id', '=', id).execute();
    });
  }

  async listServices(
    filter: { teamId?: string; teamIds?: readonly string[]; systemId?: string } = {},
  ): Promise<CatalogService[]> {
    let query = this.#db.selectFrom('services').selectAll().orderBy('name');
    if (filter.teamId !== undefined) query = query.where('owner_team_id', '=', filter.teamId);
    if (filter.systemId !== undefined) query = query.where('system_id', '=', filter.systemId);
    if (filter.teamIds !== undefined) {
      if (filter.teamIds.length === 0) return [];
      query = query.where('owner_team_id', 'in', [...filter.teamIds]);
    }
    return (await query.execute()).map(toService);
  }

  async serviceById(id: string): Promise<CatalogService | undefined> {
    const row = await this.#db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toService(row);
  }

  async serviceByName(name: string): Promise<CatalogService | undefined> {
    const row = await this.#db.selectFrom('services').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toService(row);
  }

  async insertService(s: CatalogService): Promise<void> {
    await this.#unique(`service ${s.name}`, () =>
      this.#db
        .insertInto('services')
        .values({
          id: s.id,
          name: s.name,
          owner_team_id: s.ownerTeamId,
          tier: s.tier,
          data_classification: s.dataClassification,
          repository: s.repository,
          system_id: s.systemId,
          lifecycle: s.lifecycle,
          type: s.type,
          created_at: s.createdAt,
          updated_at: s.updatedAt,
        })
        .execute(),
    );
  }

  async updateService(id: string, f: ServiceFields, at: string): Promise<void> {
    await this.#unique(`service ${f.name}`, () =>
      this.#db
        .updateTable('services')
        .set({
          name: f.name,
          owner_team_id: f.ownerTeamId,
          tier: f.tier,
          data_classification: f.dataClassification,
          repository: f.repository,
          system_id: f.systemId,
          lifecycle: f.lifecycle,
          type: f.type,
          updated_at: at,
        })
        .where('id', '=', id)
        .execute(),
    );
  }

  async deleteService(id: string): Promise<void> {
    // The cascade removes the service's counter rows; its teams' rollups must lose them too.
    await this.#store.transaction(async (trx) => {
      await forgetServiceCounters(trx as never, this.#store.dialect, id);
      await trx.deleteFrom('services').where('id', '=', id).execute();
    });
  }

  /** The service checks names first; this catches the race where two writers pick the same one. */
  async #unique(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (this.#store.isUniqueViolation(error)) throw new CatalogError('conflict', `${what} already exists`);
      throw error;
    }
  }
}

function toTeam(r: Selectable<TeamTable>): CatalogTeam {
  return {
    id: r.id,
    name: r.name,
    displayName: r.display_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toPerson(r: Selectable<PersonTable>): CatalogPerson {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toService(r: Selectable<ServiceTable>): CatalogService {
  return {
    id: r.id,
    name: r.name,
    ownerTeamId: r.owner_team_id,
    tier: r.tier,
    dataClassification: r.data_classification,
    repository: r.repository,
    systemId: r.system_id,
    lifecycle: r.lifecycle,
    type: r.type,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toSystem(r: Selectable<SystemTable>): CatalogSystem {
  return {
    id: r.id,
    name: r.name,
    displayName: r.display_name,
    ownerTeamId: r.owner_team_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { StoreError } from '../errors.ts';
import type { ServiceTable, TeamTable } from '../schema.ts';
import type { Store } from '../store.ts';

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Service {
  readonly id: string;
  readonly name: string;
  readonly ownerTeamId: string;
  readonly tier: string | null;
  readonly dataClassification: string | null;
  readonly repository: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewService {
  readonly name: string;
  readonly ownerTeamId: string;
  readonly tier?: string;
  readonly dataClassification?: string;
  readonly repository?: string;
}

/** Teams and services: the rows findings and permissions hang off. */
export class CatalogRepository {
  readonly #store: Store;
  readonly #now: () => Date;

  constructor(store: Store, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#now = now;
  }

  async createTeam(name: string, displayName = name): Promise<Team> {
    const at = this.#now().toISOString();
    const row = { id: randomUUID(), name, display_name: displayName, created_at: at, updated_at: at };
    await this.#insert(`team ${name}`, () => this.#store.db.insertInto('teams').values(row).execute());
    return toTeam(row);
  }

  async teamByName(name: string): Promise<Team | undefined> {
    const row = await this.#store.db
      .selectFrom('teams')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toTeam(row);
  }

  async listTeams(): Promise<Team[]> {
    return (await this.#store.db.selectFrom('teams').selectAll().orderBy('name').execute()).map(toTeam);
  }

  async createService(input: NewService): Promise<Service> {
    const at = this.#now().toISOString();
    const row = {
      id: randomUUID(),
      name: input.name,
      owner_team_id: input.ownerTeamId,
      tier: input.tier ?? null,
      data_classification: input.dataClassification ?? null,
      repository: input.repository ?? null,
      created_at: at,
      updated_at: at,
    };
    const team = await this.#store.db
      .selectFrom('teams')
      .select('id')
      .where('id', '=', input.ownerTeamId)
      .executeTakeFirst();
    if (!team)
      throw new StoreError(`service ${input.name}: owner team ${input.ownerTeamId} does not exist`, {
        reason: 'not-found',
      });
    await this.#insert(`service ${input.name}`, () =>
      this.#store.db.insertInto('services').values(row).execute(),
    );
    return toService(row);
  }

  async serviceByName(name: string): Promise<Service | undefined> {
    const row = await this.#store.db
      .selectFrom('services')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toService(row);
  }

  async listServices(filter: { teamId?: string } = {}): Promise<Service[]> {
    let query = this.#store.db.selectFrom('services').selectAll().orderBy('name');
    if (filter.teamId !== undefined) query = query.where('owner_team_id', '=', filter.teamId);
    return (await query.execute()).map(toService);
  }

  /** Unique violations become a `conflict` StoreError naming what already exists. */
  async #insert(what: string, insert: () => Promise<unknown>): Promise<void> {
    try {
      await insert();
    } catch (error) {
      if (this.#store.isUniqueViolation(error))
        throw new StoreError(`${what} already exists`, { reason: 'conflict', cause: error });
      throw error;
    }
  }
}

function toTeam(row: Selectable<TeamTable>): Team {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toService(row: Selectable<ServiceTable>): Service {
  return {
    id: row.id,
    name: row.name,
    ownerTeamId: row.owner_team_id,
    tier: row.tier,
    dataClassification: row.data_classification,
    repository: row.repository,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

import { randomUUID } from 'node:crypto';
import { CatalogError } from '../../catalog/catalog-errors.ts';
import type { CatalogService, CatalogTeam } from '../../catalog/catalog-repository.ts';
import { StoreError } from '../errors.ts';
import type { Store } from '../store.ts';
import { StoreCatalogRepository } from './catalog-store.ts';

export type Team = CatalogTeam;
export type Service = CatalogService;

export interface NewService {
  readonly name: string;
  readonly ownerTeamId: string;
  readonly tier?: string;
  readonly dataClassification?: string;
  readonly repository?: string;
}

/**
 * Seeding teams and services for tests and fixtures without the catalog service (no audit, no
 * permission checks). A thin adaptor: every query lives in StoreCatalogRepository; this only
 * stamps ids/times and keeps the StoreError shape (`conflict`, `not-found`) its callers expect.
 */
export class CatalogRepository {
  readonly #rows: StoreCatalogRepository;
  readonly #now: () => Date;

  constructor(store: Store, now: () => Date = () => new Date()) {
    this.#rows = new StoreCatalogRepository(store);
    this.#now = now;
  }

  async createTeam(name: string, displayName = name): Promise<Team> {
    const at = this.#now().toISOString();
    const team: Team = { id: randomUUID(), name, displayName, createdAt: at, updatedAt: at };
    await asStoreError(this.#rows.insertTeam(team));
    return team;
  }

  teamByName(name: string): Promise<Team | undefined> {
    return this.#rows.teamByName(name);
  }

  listTeams(): Promise<Team[]> {
    return this.#rows.listTeams();
  }

  async createService(input: NewService): Promise<Service> {
    if (!(await this.#rows.teamById(input.ownerTeamId)))
      throw new StoreError(`service ${input.name}: owner team ${input.ownerTeamId} does not exist`, {
        reason: 'not-found',
      });
    const at = this.#now().toISOString();
    const service: Service = {
      id: randomUUID(),
      name: input.name,
      ownerTeamId: input.ownerTeamId,
      tier: input.tier ?? null,
      dataClassification: input.dataClassification ?? null,
      repository: input.repository ?? null,
      systemId: null,
      lifecycle: null,
      type: null,
      createdAt: at,
      updatedAt: at,
    };
    await asStoreError(this.#rows.insertService(service));
    return service;
  }

  serviceByName(name: string): Promise<Service | undefined> {
    return this.#rows.serviceByName(name);
  }

  listServices(filter: { teamId?: string } = {}): Promise<Service[]> {
    return this.#rows.listServices(filter);
  }
}

/** The store's callers (HTTP adapters, fixtures) expect StoreError, not the catalog's own error. */
async function asStoreError(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (error instanceof CatalogError && error.reason === 'conflict')
      throw new StoreError(error.message, { reason: 'conflict', cause: error });
    throw error;
  }
}

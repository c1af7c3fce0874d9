import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  AccountRepository,
  ApiTokenRecord,
  NewApiToken,
  Person,
  SessionRecord,
} from '../../catalog/accounts-repository.ts';
import type { RoleGrant } from '../../catalog/roles.ts';
import { StoreCatalogRepository } from '../../store/repositories/catalog-store.ts';
import type { ApiTokenTable, Database } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';

/** Tables added by migration 0002-auth; declared here so src/store/schema.ts stays untouched. */
type AuthTables = {
  local_credentials: { person_id: string; password_hash: string; updated_at: string };
  sessions: { id_hash: string; person_id: string; created_at: string; expires_at: string };
  bootstrap_tokens: { token_hash: string; created_at: string; expires_at: string; used_at: string | null };
};
type AuthDatabase = Database & AuthTables;

/** AccountRepository on the control-plane store (SQLite or PostgreSQL). */
export class StoreAccountRepository implements AccountRepository {
  readonly #store: Store;
  readonly #catalog: StoreCatalogRepository;
  readonly #now: () => Date;

  constructor(store: Store, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#catalog = new StoreCatalogRepository(store);
    this.#now = now;
  }

  /** Read per call, so a caller's open transaction (Store.transaction) is joined. */
  get #db(): Kysely<AuthDatabase> {
    return this.#store.db.withTables<AuthTables>();
  }

  async countGlobalAdmins(): Promise<number> {
    const row = await this.#db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('role', '=', 'admin')
      .where('team_id', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async personByEmail(email: string): Promise<Person | undefined> {
    const row = await this.#db
      .selectFrom('people')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row && { id: row.id, email: row.email, displayName: row.display_name };
  }

  async personById(id: string): Promise<Person | undefined> {
    const row = await this.#db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, email: row.email, displayName: row.display_name };
  }

  async createPerson(email: string, displayName: string): Promise<Person> {
    const at = this.#now().toISOString();
    const row = {
      id: randomUUID(),
      email: email.toLowerCase(),
      display_name: displayName,
      created_at: at,
      updated_at: at,
    };
    await this.#db.insertInto('people').values(row).execute();
    return { id: row.id, email: row.email, displayName };
  }

  grantsOf(personId: string): Promise<RoleGrant[]> {
    return this.#catalog.grantsOf(personId);
  }

  async missingTeams(teamIds: readonly string[]): Promise<string[]> {
    if (teamIds.length === 0) return [];
    const found = await this.#db
      .selectFrom('teams')
      .select('id')
      .where('id', 'in', [...teamIds])
      .execute();
    const known = new Set(found.map((r) => r.id));
    return teamIds.filter((id) => !known.has(id));
  }

  /** Memberships are catalog rows: one writer for them (StoreCatalogRepository). */
  async replaceGrants(personId: string, grants: readonly RoleGrant[]): Promise<void> {
    await this.#catalog.replaceGrants(personId, grants, this.#now().toISOString());
  }

  async passwordHashOf(personId: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('local_credentials')
      .select('password_hash')
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row?.password_hash;
  }

  async setPasswordHash(personId: string, hash: string): Promise<void> {
    const at = this.#now().toISOString();
    await this.#db
      .insertInto('local_credentials')
      .values({ person_id: personId, password_hash: hash, updated_at: at })
      .onConflict((oc) => oc.column('person_id').doUpdateSet({ password_hash: hash, updated_at: at }))
      .execute();
  }

  async insertBootstrapToken(tokenHash: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.#db
      .insertInto('bootstrap_tokens')
      .values({ token_hash: tokenHash, created_at: createdAt, expires_at: expiresAt, used_at: null })
      .execute();
  }

  async consumeBootstrapToken(tokenHash: string, now: string): Promise<boolean> {
    // One conditional UPDATE: of two simultaneous uses, exactly one sees a changed row.
    const result = await this.#db
      .updateTable('bootstrap_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertSession(idHash: string, personId: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({ id_hash: idHash, person_id: personId, created_at: createdAt, expires_at: expiresAt })
      .execute();
  }

  async sessionByHash(idHash: string): Promise<SessionRecord | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .select(['person_id', 'expires_at'])
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return row && { personId: row.person_id, expiresAt: row.expires_at };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  async insertApiToken(token: NewApiToken): Promise<void> {
    await this.#db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        name: token.name,
        token_hash: token.tokenHash,
        prefix: token.prefix,
        scopes: JSON.stringify(token.scopes),
        person_id: token.personId,
        team_id: token.teamId,
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
  }

  async apiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && toToken(row);
  }

  async apiTokenById(id: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.#db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toToken(row);
  }

  async apiTokensOf(personId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toToken);
  }

  async revokeApiToken(id: string, at: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async touchApiToken(id: string, at: string): Promise<void> {
    await this.#db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}

function toToken(row: ApiTokenTable): ApiTokenRecord {
  let scopes: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.scopes);
    if (Array.isArray(parsed)) scopes = parsed.filter((s): s is string => typeof s === 'string');
  } catch {
    // A corrupted scopes column grants nothing rather than failing every request.
  }
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes,
    personId: row.person_id ?? '',
    teamId: row.team_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../audit/entry.ts';
import type { AccountRepository, ApiTokenRecord, Person } from './accounts-repository.ts';
import type { Principal } from './principal.ts';
import { actorOf } from './principal.ts';
import { isPermission, type Permission, type RoleGrant } from './roles.ts';
import {
  API_TOKEN_PREFIX,
  dummyPasswordHash,
  hashPassword,
  newApiTokenSecret,
  randomSecret,
  sha256Hex,
  verifyPassword,
} from './secrets.ts';

/** Where state-changing account actions are recorded (src/audit's AuditLog satisfies it). */
export interface AuditSink {
  /** Records an event that changes nothing else (a failed sign-in, a token use). */
  append(event: AuditEvent): Promise<unknown>;
  /**
   * Runs a state change and appends the entries it records in one store transaction: both
   * commit or neither does (AuditLog.transaction).
   */
  transaction<T>(change: (record: (event: AuditEvent) => void) => Promise<T>): Promise<T>;
}

export interface AccountServiceOptions {
  readonly now?: () => Date;
  /** Session lifetime (default 12 hours). */
  readonly sessionTtlMs?: number;
  /** Bootstrap link lifetime (default 1 hour). */
  readonly bootstrapTtlMs?: number;
}

export const MIN_PASSWORD_LENGTH = 12;
/** How stale an API token's last-used time may get before a use rewrites it. */
const TOUCH_INTERVAL_MS = 60_000;

/** Failures that callers map to HTTP statuses; the reason is never shown to the client in detail. */
export class AccountError extends Error {
  readonly reason:
    | 'invalid-credentials'
    | 'invalid-bootstrap'
    | 'weak-password'
    | 'not-found'
    | 'invalid-scope'
    | 'unknown-team';
  constructor(reason: AccountError['reason'], message: string) {
    super(message);
    this.name = 'AccountError';
    this.reason = reason;
  }
}

export interface CreatedToken {
  /** Shown once; only its SHA-256 is stored. */
  readonly secret: string;
  readonly token: ApiTokenRecord;
}

/** Local accounts, sessions, bootstrap links, API tokens and role changes, each audited. */
export class AccountService {
  readonly #repo: AccountRepository;
  readonly #audit: AuditSink;
  readonly #now: () => Date;
  readonly #sessionTtlMs: number;
  readonly #bootstrapTtlMs: number;

  constructor(repo: AccountRepository, audit: AuditSink, options: AccountServiceOptions = {}) {
    this.#repo = repo;
    this.#audit = audit;
    this.#now = options.now ?? (() => new Date());
    this.#sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
    this.#bootstrapTtlMs = options.bootstrapTtlMs ?? 3600_000;
  }

  get sessionTtlMs(): number {
    return this.#sessionTtlMs;
  }

  async hasAdmin(): Promise<boolean> {
    return (await this.#repo.countGlobalAdmins()) > 0;
  }

  /** A one-time secret for the first admin; only its hash is stored. */
  async createBootstrapSecret(): Promise<string> {
    const secret = randomSecret();
    const now = this.#now();
    await this.#repo.insertBootstrapToken(
      sha256Hex(secret),
      now.toISOString(),
      new Date(now.getTime() + this.#bootstrapTtlMs).toISOString(),
    );
    return secret;
  }

  /** Spends the bootstrap secret (once) and creates the first admin with a password. */
  async completeBootstrap(
    secret: string,
    email: string,
    displayName: string,
    password: string,
  ): Promise<Person> {
    checkPassword(password);
    // Hashed before the transaction: scrypt's time must not hold the database's write lock.
    const hash = await hashPassword(password);
    return this.#audit.transaction(async (record) => {
      // Consume first: a second use (or a race) fails before anything is created.
      if (!(await this.#repo.consumeBootstrapToken(sha256Hex(secret), this.#now().toISOString())))
        throw new AccountError('invalid-bootstrap', 'bootstrap link is invalid, used or expired');
      const person =
        (await this.#repo.personByEmail(email)) ?? (await this.#repo.createPerson(email, displayName));
      await this.#repo.setPasswordHash(person.id, hash);
      await this.#repo.replaceGrants(person.id, [{ role: 'admin', teamId: null }]);
      record({
        actor: `person:${person.id}`,
        action: 'auth.bootstrap',
        target: `person:${person.id}`,
        details: { email },
      });
      return person;
    });
  }

  /** The same error for unknown email and wrong password, after the same amount of work. */
  async verifyLocalPassword(email: string, password: string): Promise<Person> {
    const person = await this.#repo.personByEmail(email);
    const stored = person ? await this.#repo.passwordHashOf(person.id) : undefined;
    const ok = await verifyPassword(password, stored ?? (await dummyPasswordHash()));
    if (!person || stored === undefined || !ok)
      throw new AccountError('invalid-credentials', 'invalid email or password');
    return person;
  }

  async setPassword(personId: string, password: string): Promise<void> {
    checkPassword(password);
    await this.#repo.setPasswordHash(personId, await hashPassword(password));
  }

  /** Starts a session after a successful sign-in (local or OIDC); returns the cookie secret. */
  async startSession(
    person: Person,
    method: 'password' | 'oidc',
    details: Record<string, string> = {},
  ): Promise<string> {
    const secret = randomSecret();
    const now = this.#now();
    // Housekeeping on the sign-in path keeps the table small without a background job.
    await this.#repo.deleteExpiredSessions(now.toISOString());
    // The session exists only if its sign-in entry does.
    await this.#audit.transaction(async (record) => {
      await this.#repo.insertSession(
        sha256Hex(secret),
        person.id,
        now.toISOString(),
        new Date(now.getTime() + this.#sessionTtlMs).toISOString(),
      );
      record({
        actor: `person:${person.id}`,
        action: 'auth.sign-in',
        target: `person:${person.id}`,
        details: { method, ...details },
      });
    });
    return secret;
  }

  async principalForSession(secret: string): Promise<Principal | undefined> {
    const session = await this.#repo.sessionByHash(sha256Hex(secret));
    if (!session || session.expiresAt <= this.#now().toISOString()) return undefined;
    const person = await this.#repo.personById(session.personId);
    if (!person) return undefined;
    return { kind: 'session', ...personFields(person), grants: await this.#repo.grantsOf(person.id) };
  }

  async endSession(secret: string, principal: Principal): Promise<void> {
    await this.#audit.transaction(async (record) => {
      await this.#repo.deleteSession(sha256Hex(secret));
      record({
        actor: actorOf(principal),
        action: 'auth.sign-out',
        target: `person:${principal.personId}`,
        details: {},
      });
    });
  }

  /** Tokens act for their owner, narrowed to `scopes`; a scope the owner lacks is rejected up front. */
  async createToken(
    principal: Principal,
    input: { name: string; scopes: readonly string[]; expiresInDays?: number; teamId?: string },
  ): Promise<CreatedToken> {
    const bad = input.scopes.filter((s) => !isPermission(s));
    if (bad.length > 0) throw new AccountError('invalid-scope', `unknown scope(s): ${bad.join(', ')}`);
    const secret = newApiTokenSecret();
    const now = this.#now();
    const token = {
      id: randomUUID(),
      name: input.name,
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 4),
      scopes: [...new Set(input.scopes)],
      personId: principal.personId,
      teamId: input.teamId ?? null,
      createdAt: now.toISOString(),
      expiresAt:
        input.expiresInDays === undefined
          ? null
          : new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    };
    await this.#audit.transaction(async (record) => {
      await this.#repo.insertApiToken({ ...token, tokenHash: sha256Hex(secret) });
      record({
        actor: actorOf(principal),
        action: 'auth.token.create',
        target: `token:${token.id}`,
        details: { name: token.name, scopes: token.scopes, expiresAt: token.expiresAt },
      });
    });
    return { secret, token: { ...token, revokedAt: null, lastUsedAt: null } };
  }

  /** The token's principal, or undefined for unknown, revoked or expired tokens (callers cannot tell which). */
  async principalForToken(secret: string): Promise<Principal | undefined> {
    if (!secret.startsWith(API_TOKEN_PREFIX)) return undefined;
    const token = await this.#repo.apiTokenByHash(sha256Hex(secret));
    const now = this.#now().toISOString();
    if (!token || token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt <= now))
      return undefined;
    const person = await this.#repo.personById(token.personId);
    if (!person) return undefined;
    // At most one last-used write a minute per token: a busy CI token must not turn every read
    // into a database write (bench/api-load.ts, 200 concurrent clients).
    if (token.lastUsedAt === null || Date.parse(now) - Date.parse(token.lastUsedAt) >= TOUCH_INTERVAL_MS)
      await this.#repo.touchApiToken(token.id, now);
    const owned = await this.#repo.grantsOf(person.id);
    // A team-bound token keeps only its owner's grants that reach that team, narrowed to it.
    const grants =
      token.teamId === null
        ? owned
        : owned
            .filter((g) => g.teamId === null || g.teamId === token.teamId)
            .map((g) => ({ role: g.role, teamId: token.teamId }));
    return {
      kind: 'token',
      ...personFields(person),
      grants,
      scopes: token.scopes.filter(isPermission) as Permission[],
      tokenId: token.id,
    };
  }

  listTokens(personId: string): Promise<ApiTokenRecord[]> {
    return this.#repo.apiTokensOf(personId);
  }

  /** Owners revoke their own tokens; `mayRevokeOthers` (admins) any token. Unknown and foreign ids look alike. */
  async revokeToken(principal: Principal, id: string, mayRevokeOthers: boolean): Promise<void> {
    const token = await this.#repo.apiTokenById(id);
    if (!token || (token.personId !== principal.personId && !mayRevokeOthers))
      throw new AccountError('not-found', `token ${id} not found`);
    await this.#audit.transaction(async (record) => {
      if (await this.#repo.revokeApiToken(id, this.#now().toISOString()))
        record({
          actor: actorOf(principal),
          action: 'auth.token.revoke',
          target: `token:${id}`,
          details: { name: token.name },
        });
    });
  }

  async grantsOf(personId: string): Promise<RoleGrant[]> {
    return this.#repo.grantsOf(personId);
  }

  async setRoles(principal: Principal, personId: string, grants: readonly RoleGrant[]): Promise<void> {
    const person = await this.#repo.personById(personId);
    if (!person) throw new AccountError('not-found', `person ${personId} not found`);
    const teams = [...new Set(grants.flatMap((g) => (g.teamId === null ? [] : [g.teamId])))];
    const unknown = await this.#repo.missingTeams(teams);
    if (unknown.length > 0) throw new AccountError('unknown-team', `unknown team(s): ${unknown.join(', ')}`);
    await this.#audit.transaction(async (record) => {
      const before = await this.#repo.grantsOf(personId);
      await this.#repo.replaceGrants(personId, grants);
      record({
        actor: actorOf(principal),
        action: 'catalog.person.roles',
        target: `person:${personId}`,
        details: { before: before.map(grantText), after: grants.map(grantText) },
      });
    });
  }

  /** Signs in a federated user: creates them on first sight and replaces their roles with the IdP's. */
  async federatedPerson(email: string, displayName: string, grants: readonly RoleGrant[]): Promise<Person> {
    return this.#audit.transaction(async (record) => {
      const person =
        (await this.#repo.personByEmail(email)) ?? (await this.#repo.createPerson(email, displayName));
      const before = (await this.#repo.grantsOf(person.id)).map(grantText).sort();
      const after = grants.map(grantText).sort();
      if (before.join() !== after.join()) {
        await this.#repo.replaceGrants(person.id, grants);
        record({
          actor: 'system:oidc',
          action: 'catalog.person.roles',
          target: `person:${person.id}`,
          details: { before, after, source: 'oidc' },
        });
      }
      return person;
    });
  }

  personById(id: string): Promise<Person | undefined> {
    return this.#repo.personById(id);
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AccountError('weak-password', `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
}

function personFields(person: Person): Pick<Principal, 'personId' | 'email' | 'displayName'> {
  return { personId: person.id, email: person.email, displayName: person.displayName };
}

function grantText(g: RoleGrant): string {
  return g.teamId === null ? g.role : `${g.role}@${g.teamId}`;
}

import type { RoleGrant } from './roles.ts';

/** A person as auth needs them. */
export interface Person {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
}

export interface SessionRecord {
  readonly personId: string;
  readonly expiresAt: string;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly name: string;
  /** First characters of the secret (`rmp_abcd`), safe to show. */
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly personId: string;
  readonly teamId: string | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface NewApiToken extends Omit<ApiTokenRecord, 'revokedAt' | 'lastUsedAt'> {
  readonly tokenHash: string;
}

/**
 * What accounts need from storage. Declared here and implemented by the server's store adapter, so
 * this service depends on nothing outward (docs/architecture.md). Secrets arrive already hashed.
 */
export interface AccountRepository {
  countGlobalAdmins(): Promise<number>;
  personByEmail(email: string): Promise<Person | undefined>;
  personById(id: string): Promise<Person | undefined>;
  createPerson(email: string, displayName: string): Promise<Person>;
  grantsOf(personId: string): Promise<RoleGrant[]>;
  /** Of `teamIds`, those that do not exist. */
  missingTeams(teamIds: readonly string[]): Promise<string[]>;
  /** Replaces every grant of the person (one transaction). */
  replaceGrants(personId: string, grants: readonly RoleGrant[]): Promise<void>;
  passwordHashOf(personId: string): Promise<string | undefined>;
  setPasswordHash(personId: string, hash: string): Promise<void>;

  insertBootstrapToken(tokenHash: string, createdAt: string, expiresAt: string): Promise<void>;
  /** Marks the token used if it exists, is unused and unexpired at `now`; true only for the one caller that did. */
  consumeBootstrapToken(tokenHash: string, now: string): Promise<boolean>;

  insertSession(idHash: string, personId: string, createdAt: string, expiresAt: string): Promise<void>;
  sessionByHash(idHash: string): Promise<SessionRecord | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Removes sessions that expired before `now`. */
  deleteExpiredSessions(now: string): Promise<void>;

  insertApiToken(token: NewApiToken): Promise<void>;
  apiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | undefined>;
  apiTokensOf(personId: string): Promise<ApiTokenRecord[]>;
  apiTokenById(id: string): Promise<ApiTokenRecord | undefined>;
  /** Sets revoked_at if not yet revoked; true when this call revoked it. */
  revokeApiToken(id: string, at: string): Promise<boolean>;
  touchApiToken(id: string, at: string): Promise<void>;
}

import type { TestContext } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { AuditLog } from '../../audit/audit-log.ts';
import { generateSigner } from '../../audit/signing-key.ts';
import type { Person } from '../../catalog/accounts-repository.ts';
import { PERMISSIONS, type RoleGrant } from '../../catalog/roles.ts';
import type { DialectName } from '../../store/dialect.ts';
import { StoreAuditRepository } from '../../store/repositories/audit-repository.ts';
import type { Store } from '../../store/store.ts';
import { testDatabase } from '../../store/testing/test-stores.ts';
import { CSRF_HEADER, csrfTokenFor, SESSION_COOKIE } from '../auth/cookies.ts';
import { StoreAccountRepository } from '../auth/store-accounts.ts';
import { type BuildServerOptions, buildServer, type RampartServer } from '../build-server.ts';

export interface Caller {
  readonly person: Person;
  /** Authorization header value with an API token carrying every scope (the grants still limit it). */
  readonly bearer: string;
  /** Cookie + CSRF headers for a browser session. */
  readonly sessionHeaders: Record<string, string>;
}

export interface TestServer extends RampartServer {
  readonly store: Store;
  readonly auditLog: AuditLog;
  readonly audit: StoreAuditRepository;
  readonly accountsRepo: StoreAccountRepository;
  /** A person holding `grants`, with a token and a session. */
  caller(email: string, grants: readonly RoleGrant[]): Promise<Caller>;
  createTeam(name: string): Promise<string>;
  /** Where most authorisation tests start: teams payments and search, and a global admin. */
  twoTeams(): Promise<{ payments: string; search: string; admin: Caller }>;
  /** An API request (inject) as `caller`, with its bearer token; `payload` as the JSON body. */
  as(
    caller: { readonly bearer: string },
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse>;
  /** Audit actions recorded so far, in order. */
  auditActions(): Promise<string[]>;
}

/** A built (not listening) server on a fresh database of `dialect`; undefined when skipped. */
export async function testServer(
  t: TestContext,
  dialect: DialectName,
  extra: Partial<Omit<BuildServerOptions, 'store' | 'audit'>> = {},
  /** A StoreAuditRepository (sub)class instance, e.g. one that injects failures. */
  auditRepository: (store: Store) => StoreAuditRepository = (store) => new StoreAuditRepository(store),
): Promise<TestServer | undefined> {
  const database = await testDatabase(t, dialect);
  if (!database) return undefined;
  const store = await database.open();
  const audit = auditRepository(store);
  const auditLog = new AuditLog(audit, generateSigner());
  const server = await buildServer({ store, audit: auditLog, ...extra });
  t.after(() => server.app.close());
  const accountsRepo = new StoreAccountRepository(store);
  const testing: TestServer = {
    ...server,
    store,
    auditLog,
    audit,
    accountsRepo,
    async caller(email, grants) {
      const person = await accountsRepo.createPerson(email, email);
      await accountsRepo.replaceGrants(person.id, grants);
      const principal = { kind: 'session' as const, personId: person.id, email, displayName: email, grants };
      const { secret } = await server.accounts.createToken(principal, { name: 'test', scopes: PERMISSIONS });
      const session = await server.accounts.startSession(person, 'password');
      return {
        person,
        bearer: `Bearer ${secret}`,
        sessionHeaders: { cookie: `${SESSION_COOKIE}=${session}`, [CSRF_HEADER]: csrfTokenFor(session) },
      };
    },
    as: (caller, method, url, payload) =>
      server.app.inject({
        method,
        url,
        headers: { authorization: caller.bearer },
        ...(payload ? { payload } : {}),
      }),
    async twoTeams() {
      const payments = await testing.createTeam('payments');
      const search = await testing.createTeam('search');
      const admin = await testing.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
      return { payments, search, admin };
    },
    async createTeam(name) {
      const id = `team-${name}`;
      const at = new Date().toISOString();
      await store.db
        .insertInto('teams')
        .values({ id, name, display_name: name, created_at: at, updated_at: at })
        .execute();
      return id;
    },
    async auditActions() {
      return (await audit.listEntries(0, 10_000)).map((e) => e.action);
    },
  };
  return testing;
}

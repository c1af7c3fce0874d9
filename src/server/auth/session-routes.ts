import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AccountError, type AccountService } from '../../catalog/accounts.ts';
import { type Principal, principalCan } from '../../catalog/principal.ts';
import { PERMISSIONS } from '../../catalog/roles.ts';
import { HttpError, unauthenticated } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import type { FailedSignInAudit } from './auth-audit.ts';
import { clearSessionCookies, csrfTokenFor, setSessionCookies } from './cookies.ts';
import { AUTHENTICATED, PUBLIC, principalOf } from './route-auth.ts';
import { Email, Me, Password } from './schemas.ts';

export interface SessionRoutesOptions {
  readonly accounts: AccountService;
  readonly rateLimit: { readonly max: number; readonly timeWindow: number };
  /** Where failed sign-ins are recorded (throttled); none = only the request log. */
  readonly failedSignIns?: FailedSignInAudit;
}

const SignIn = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
const Bootstrap = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 12, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const SignedIn = Type.Object({ csrfToken: Type.String(), me: Me });

/** Local sign-in, sign-out, first-admin bootstrap and /api/me. */
export async function sessionRoutes(app: FastifyInstance, options: SessionRoutesOptions): Promise<void> {
  const { accounts } = options;
  const rateLimit = options.rateLimit;

  app.post<{ Body: Static<typeof Bootstrap> }>(
    '/api/auth/bootstrap',
    {
      config: { auth: PUBLIC, rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create the first admin with the one-time link printed at first start',
        body: Bootstrap,
        response: withErrors({ 200: SignedIn }, [400, 401, 429]),
      },
    },
    async (request, reply) => {
      const { token, email, displayName, password } = request.body;
      try {
        const person = await accounts.completeBootstrap(token, email, displayName, password);
        const secret = await accounts.startSession(person, 'password', { via: 'bootstrap' });
        setSessionCookies(reply, secret, accounts.sessionTtlMs);
        const principal = await accounts.principalForSession(secret);
        return { csrfToken: csrfTokenFor(secret), me: meOf(principal) };
      } catch (error) {
        if (error instanceof AccountError && error.reason === 'invalid-bootstrap') throw unauthenticated();
        throw error;
      }
    },
  );

  app.post<{ Body: Static<typeof SignIn> }>(
    '/api/auth/sign-in',
    {
      config: { auth: PUBLIC, rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a local account; sets the session and CSRF cookies',
        body: SignIn,
        response: withErrors({ 200: SignedIn }, [400, 401, 429]),
      },
    },
    async (request, reply) => {
      let person: Awaited<ReturnType<AccountService['verifyLocalPassword']>>;
      try {
        person = await accounts.verifyLocalPassword(request.body.email, request.body.password);
      } catch (error) {
        if (error instanceof AccountError) {
          request.log.info({ email: request.body.email }, 'sign-in failed');
          await options.failedSignIns?.record(request.body.email, request.ip);
          throw unauthenticated();
        }
        throw error;
      }
      const secret = await accounts.startSession(person, 'password', { ip: request.ip });
      setSessionCookies(reply, secret, accounts.sessionTtlMs);
      return { csrfToken: csrfTokenFor(secret), me: meOf(await accounts.principalForSession(secret)) };
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!request.sessionSecret)
        throw new HttpError(
          400,
          'E_BAD_REQUEST',
          'sign-out ends a browser session; revoke API tokens instead',
        );
      await accounts.endSession(request.sessionSecret, principal);
      clearSessionCookies(reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['auth'],
        summary: 'Who am I, with roles and permissions',
        response: withErrors({ 200: Me }),
      },
    },
    async (request) => meOf(principalOf(request)),
  );
}

/** Exported for the OIDC callback's response. */
export function meOf(principal: Principal | undefined): Static<typeof Me> {
  if (!principal) throw unauthenticated();
  return {
    id: principal.personId,
    email: principal.email,
    displayName: principal.displayName,
    authenticatedBy: principal.kind,
    grants: principal.grants.map((g) => ({ role: g.role, teamId: g.teamId })),
    // Permissions held anywhere (globally or for at least one team).
    permissions: PERMISSIONS.filter((p) =>
      principal.grants.some((g) => principalCan(principal, p, g.teamId ?? undefined)),
    ),
  };
}

import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AccountError, type AccountService } from '../../catalog/accounts.ts';
import type { ApiTokenRecord } from '../../catalog/accounts-repository.ts';
import { principalCan } from '../../catalog/principal.ts';
import { HttpError, notFound } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { principalOf, requires } from './route-auth.ts';
import { Scope, Token } from './schemas.ts';

const CreateToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 20 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
    teamId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
const Created = Type.Object({ secret: Type.String({ description: 'Shown once' }), token: Token });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** API tokens for CI: the caller's own tokens; admins (roles:manage) may revoke anyone's. */
export async function tokenRoutes(
  app: FastifyInstance,
  options: { accounts: AccountService; rateLimit: { max: number; timeWindow: number } },
): Promise<void> {
  const { accounts, rateLimit } = options;

  app.get(
    '/api/tokens',
    {
      config: { auth: requires('tokens:manage') },
      schema: {
        tags: ['tokens'],
        summary: 'My API tokens',
        response: withErrors({ 200: Type.Array(Token) }),
      },
    },
    async (request) => (await accounts.listTokens(principalOf(request).personId)).map(tokenView),
  );

  app.post<{ Body: Static<typeof CreateToken> }>(
    '/api/tokens',
    {
      config: { auth: requires('tokens:manage'), rateLimit },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the secret is returned once)',
        body: CreateToken,
        response: withErrors({ 201: Created }, [400, 401, 403, 429]),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { scopes, teamId } = request.body;
      // A token can never carry a permission its creator does not hold where it will be used.
      const missing = scopes.filter((s) => !principalCan(principal, s, teamId));
      if (missing.length > 0)
        throw new HttpError(403, 'E_FORBIDDEN', `body.scopes: you do not hold ${missing.join(', ')}`, {
          field: 'body.scopes',
          missing,
        });
      const created = await accounts.createToken(principal, request.body);
      return reply.status(201).send({ secret: created.secret, token: tokenView(created.token) });
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/tokens/:id',
    {
      config: { auth: requires('tokens:manage'), rateLimit },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: withErrors({ 204: Type.Null() }, [400, 401, 403, 404, 429]),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      try {
        await accounts.revokeToken(principal, request.params.id, principalCan(principal, 'roles:manage'));
      } catch (error) {
        if (error instanceof AccountError && error.reason === 'not-found')
          throw notFound(`token ${request.params.id}`, 'GET /api/tokens lists your tokens');
        throw error;
      }
      return reply.status(204).send();
    },
  );
}

function tokenView(t: ApiTokenRecord): Static<typeof Token> {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: [...t.scopes],
    teamId: t.teamId,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
    lastUsedAt: t.lastUsedAt,
  };
}

import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AccountError, type AccountService } from '../../catalog/accounts.ts';
import { HttpError, notFound } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { principalOf, requires } from './route-auth.ts';
import { Grant } from './schemas.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const Roles = Type.Object({ grants: Type.Array(Grant, { maxItems: 100 }) }, { additionalProperties: false });
const Person = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  grants: Type.Array(Grant),
});

/** People's roles: read with people:read, change (audited) with roles:manage. */
export async function peopleRoutes(
  app: FastifyInstance,
  options: { accounts: AccountService },
): Promise<void> {
  const { accounts } = options;
  const missing = (id: string) => notFound(`person ${id}`, 'check the id; GET /api/me shows yours');

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/people/:id',
    {
      config: { auth: requires('people:read') },
      schema: {
        tags: ['people'],
        params: IdParams,
        response: withErrors({ 200: Person }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      const person = await accounts.personById(request.params.id);
      if (!person) throw missing(request.params.id);
      return { ...person, grants: await accounts.grantsOf(person.id) };
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof Roles> }>(
    '/api/people/:id/roles',
    {
      config: { auth: requires('roles:manage') },
      schema: {
        tags: ['people'],
        summary: "Replace a person's roles (global or per team)",
        params: IdParams,
        body: Roles,
        response: withErrors({ 200: Person }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      try {
        await accounts.setRoles(principalOf(request), request.params.id, request.body.grants);
      } catch (error) {
        if (error instanceof AccountError && error.reason === 'not-found') throw missing(request.params.id);
        if (error instanceof AccountError && error.reason === 'unknown-team')
          throw new HttpError(400, 'E_VALIDATION', `body.grants: ${error.message}`, { field: 'body.grants' });
        throw error;
      }
      const person = await accounts.personById(request.params.id);
      if (!person) throw missing(request.params.id);
      return { ...person, grants: await accounts.grantsOf(person.id) };
    },
  );
}

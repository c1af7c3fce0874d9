import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { importBackstage } from '../../catalog/backstage-import.ts';
import { CatalogError } from '../../catalog/catalog-errors.ts';
import { type CatalogManager, serviceNotFound } from '../../catalog/catalog-service.ts';
import { DATA_CLASSIFICATIONS, TIERS } from '../../catalog/catalog-validation.ts';
import { actorOf, type Principal, principalCan, principalCanSomewhere } from '../../catalog/principal.ts';
import { isRoleName, ROLE_PERMISSIONS } from '../../catalog/roles.ts';
import { AUTHENTICATED, principalOf, type RouteAuth, requires } from '../auth/route-auth.ts';
import { Grant } from '../auth/schemas.ts';
import { forbidden, HttpError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { visibleBodySystem, visibleSystem, visibleTeam } from './catalog-visibility.ts';
import { maySeeTeam, teamsWith } from './findings-access.ts';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Ref = Type.String({ minLength: 1, maxLength: 254, description: 'id or name (email for people)' });
const nullableEnum = (values: readonly string[]) =>
  Type.Union([...values.map((v) => Type.Literal(v)), Type.Null()]);

const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const TeamBody = Type.Object(
  { name: Name, displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);
const TeamPatch = Type.Partial(TeamBody, { additionalProperties: false, minProperties: 1 });

const Person = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  grants: Type.Array(Grant),
});
const PersonBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    grants: Type.Optional(Type.Array(Grant, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const PersonPatch = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const TeamRolesBody = Type.Object(
  { roles: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 }) },
  { additionalProperties: false },
);

const Service = Type.Object({
  id: Type.String(),
  name: Type.String(),
  ownerTeamId: Type.String(),
  tier: Type.Union([Type.String(), Type.Null()]),
  dataClassification: Type.Union([Type.String(), Type.Null()]),
  repository: Type.Union([Type.String(), Type.Null()]),
  systemId: Type.Union([Type.String(), Type.Null()]),
  lifecycle: Type.Union([Type.String(), Type.Null()]),
  type: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const Word = Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()]);
const serviceFields = {
  name: Name,
  owner: Type.String({ minLength: 1, maxLength: 100, description: 'Owner team id or name' }),
  tier: Type.Optional(nullableEnum(TIERS)),
  dataClassification: Type.Optional(nullableEnum(DATA_CLASSIFICATIONS)),
  repository: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  system: Type.Optional(
    Type.Union([
      Type.String({ minLength: 1, maxLength: 100, description: 'System id or name' }),
      Type.Null(),
    ]),
  ),
  lifecycle: Type.Optional(Word),
  type: Type.Optional(Word),
};
const ServiceBody = Type.Object(serviceFields, { additionalProperties: false });
const ServicePatch = Type.Partial(ServiceBody, { additionalProperties: false, minProperties: 1 });
const ServiceQuery = Type.Object({ team: Type.Optional(Ref) }, { additionalProperties: false });

const System = Type.Object({
  id: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
  ownerTeamId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const SystemBody = Type.Object(
  {
    name: Name,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    owner: Type.Optional(
      Type.Union([
        Type.String({ minLength: 1, maxLength: 100, description: 'Owner team id or name' }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);
const SystemPatch = Type.Partial(SystemBody, { additionalProperties: false, minProperties: 1 });

const ImportQuery = Type.Object(
  { file: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);
const ImportReport = Type.Object({
  entries: Type.Array(
    Type.Object({
      kind: Type.String(),
      name: Type.String(),
      file: Type.String(),
      line: Type.Integer(),
      outcome: Type.String(),
      message: Type.Optional(Type.String()),
      system: Type.Optional(Type.String()),
    }),
  ),
  counts: Type.Record(Type.String(), Type.Integer()),
});

const P = (key: string) => Type.Object({ [key]: Ref });
type Params<K extends string> = Record<K, string>;

/** Catalog CRUD (teams, people, services) and the Backstage import; docs/catalog.md. */
export async function catalogRoutes(
  app: FastifyInstance,
  options: { catalog: CatalogManager },
): Promise<void> {
  const { catalog } = options;
  const write = requires('catalog:write');
  // Service writes are team-scoped: the owner team is only known after loading, so the guard
  // authenticates and the handler checks catalog:write for the owner team(s).
  const teamWrite: RouteAuth = { authenticated: true };
  const assertTeamWrite = async (request: FastifyRequest, teamRef: string) => {
    const principal = principalOf(request);
    if (principalCan(principal, 'catalog:write')) return;
    const team = await catalog.team(teamRef).catch(() => undefined);
    if (!team || !principalCan(principal, 'catalog:write', team.id)) throw forbidden('catalog:write');
  };
  const assertSomeWrite = (request: FastifyRequest) => {
    if (!principalCanSomewhere(principalOf(request), 'catalog:write')) throw forbidden('catalog:write');
  };
  const actor = (request: FastifyRequest) => actorOf(principalOf(request));

  // Reads are team-scoped too: a team role sees its own teams' objects only, a global role all.
  // A team, service or system in the URL is found first, then checked: one the caller may not
  // see at all answers like a missing one (catalog-visibility.ts), so names cannot be probed.
  /**
   * The service in the URL; one of a team the caller may not see at all is answered exactly like
   * a missing one (404, same message and hint), so names cannot be probed. Callers who may see
   * the team get the real answer (e.g. 403 for a write they may not make).
   */
  const visibleService = async (request: FastifyRequest, ref: string) => {
    const service = await http(() => catalog.service(ref));
    if (!maySeeTeam(principalOf(request), service.ownerTeamId))
      await http(() => Promise.reject(serviceNotFound(ref)));
    return service;
  };
  /** Teams whose catalog the caller reads (undefined = all); 403 when none. */
  const readable = (request: FastifyRequest) => {
    const teams = teamsWith(principalOf(request), 'catalog:read');
    if (teams?.length === 0) throw forbidden('catalog:read');
    return teams;
  };

  // Encapsulated in this plugin: only the import route reads YAML bodies.
  for (const type of ['application/yaml', 'application/x-yaml', 'text/yaml'])
    app.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const doc = (
    summary: string,
    extra: Record<string, TSchema>,
    ok: Record<number, TSchema>,
    errors: number[],
  ) => ({
    tags: ['catalog'],
    summary,
    ...extra,
    response: withErrors(ok, errors),
  });

  // ── teams ──────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/teams',
    {
      config: { auth: AUTHENTICATED },
      schema: doc("List teams (a team role: the caller's teams)", {}, { 200: Type.Array(Team) }, [401, 403]),
    },
    async (request) => {
      const teams = readable(request);
      const all = await catalog.listTeams();
      return teams === undefined ? all : all.filter((t) => teams.includes(t.id));
    },
  );
  app.get<{ Params: Params<'team'> }>(
    '/api/teams/:team',
    {
      config: { auth: AUTHENTICATED },
      schema: doc(
        'A team by id or name (a team the caller may not see is 404, as a missing one)',
        { params: P('team') },
        { 200: Team },
        [400, 401, 403, 404],
      ),
    },
    async (request) => {
      readable(request);
      const team = await visibleTeam(catalog, principalOf(request), request.params.team);
      if (!principalCan(principalOf(request), 'catalog:read', team.id)) throw forbidden('catalog:read');
      return team;
    },
  );
  app.post<{ Body: Static<typeof TeamBody> }>(
    '/api/teams',
    {
      config: { auth: write },
      schema: doc('Create a team', { body: TeamBody }, { 201: Team }, [400, 401, 403, 409]),
    },
    async (request, reply) => {
      const team = await http(() => catalog.createTeam(actor(request), request.body));
      return reply.status(201).send(team);
    },
  );
  app.patch<{ Params: Params<'team'>; Body: Static<typeof TeamPatch> }>(
    '/api/teams/:team',
    {
      config: { auth: write },
      schema: doc(
        'Rename a team or change its display name',
        { params: P('team'), body: TeamPatch },
        { 200: Team },
        [400, 401, 403, 404, 409],
      ),
    },
    async (request) =>
      (await http(() => catalog.updateTeam(actor(request), request.params.team, request.body))).value,
  );
  app.delete<{ Params: Params<'team'> }>(
    '/api/teams/:team',
    {
      config: { auth: write },
      schema: doc(
        'Delete a team that owns no services',
        { params: P('team') },
        { 204: Type.Null() },
        [400, 401, 403, 404, 409],
      ),
    },
    async (request, reply) => {
      await http(() => catalog.deleteTeam(actor(request), request.params.team));
      return reply.status(204).send();
    },
  );

  // ── people ─────────────────────────────────────────────────────────────────────────────
  // GET /api/people/:id and PUT /api/people/:id/roles live in auth/people-routes.ts.
  app.get(
    '/api/people',
    {
      config: { auth: AUTHENTICATED },
      schema: doc(
        "List people with their roles (people:read: everyone; a team role: its teams' members, with their roles in those teams)",
        {},
        { 200: Type.Array(Person) },
        [401, 403],
      ),
    },
    async (request) => {
      const principal = principalOf(request);
      if (principalCan(principal, 'people:read')) return catalog.listPeople();
      // A team role sees who is in its own teams, and only their grants there: not who else
      // exists, nor their roles elsewhere.
      const teams = new Set([
        ...(teamsWith(principal, 'people:read') ?? []),
        ...(teamsWith(principal, 'catalog:read') ?? []),
      ]);
      if (teams.size === 0) throw forbidden('people:read');
      return (await catalog.listPeople()).flatMap((p) => {
        const grants = p.grants.filter((g) => g.teamId !== null && teams.has(g.teamId));
        return grants.length > 0 ? [{ ...p, grants }] : [];
      });
    },
  );
  app.post<{ Body: Static<typeof PersonBody> }>(
    '/api/people',
    {
      config: { auth: write },
      schema: doc(
        'Create a person (roles need roles:manage)',
        { body: PersonBody },
        { 201: Person },
        [400, 401, 403, 404, 409],
      ),
    },
    async (request, reply) => {
      const { grants, ...fields } = request.body;
      if (grants && grants.length > 0 && !principalCan(principalOf(request), 'roles:manage'))
        throw forbidden('roles:manage');
      const person = await http(() => catalog.createPerson(actor(request), fields, grants));
      return reply.status(201).send(person);
    },
  );
  app.patch<{ Params: Params<'person'>; Body: Static<typeof PersonPatch> }>(
    '/api/people/:person',
    {
      config: { auth: write },
      schema: doc(
        'Change email or display name',
        { params: P('person'), body: PersonPatch },
        { 200: Person },
        [400, 401, 403, 404, 409],
      ),
    },
    async (request) =>
      (await http(() => catalog.updatePerson(actor(request), request.params.person, request.body))).value,
  );
  app.delete<{ Params: Params<'person'> }>(
    '/api/people/:person',
    {
      config: { auth: write },
      schema: doc(
        'Delete a person (one holding roles needs roles:manage)',
        { params: P('person') },
        { 204: Type.Null() },
        [400, 401, 403, 404],
      ),
    },
    async (request, reply) => {
      const person = await http(() => catalog.person(request.params.person));
      if (person.grants.length > 0 && !principalCan(principalOf(request), 'roles:manage'))
        throw forbidden('roles:manage');
      await http(() => catalog.deletePerson(actor(request), person.id));
      return reply.status(204).send();
    },
  );
  app.put<{ Params: Params<'person' | 'team'>; Body: Static<typeof TeamRolesBody> }>(
    '/api/people/:person/teams/:team/roles',
    {
      config: { auth: write },
      schema: doc(
        "Set a person's roles for one team (others untouched); [] removes them from the team",
        { params: Type.Object({ person: Ref, team: Ref }), body: TeamRolesBody },
        { 200: Person },
        [400, 401, 403, 404],
      ),
    },
    async (request) => {
      const team = await http(() => catalog.team(request.params.team));
      assertMayGrant(principalOf(request), team.id, request.body.roles);
      return (
        await http(() =>
          catalog.setTeamRoles(actor(request), request.params.person, team.id, request.body.roles),
        )
      ).value;
    },
  );

  // ── services ───────────────────────────────────────────────────────────────────────────
  app.get<{ Querystring: Static<typeof ServiceQuery> }>(
    '/api/services',
    {
      config: { auth: AUTHENTICATED },
      schema: doc(
        "List services, optionally of one team (a team role: the caller's teams' services; a team it may not see is 404, as a missing one)",
        { querystring: ServiceQuery },
        { 200: Type.Array(Service) },
        [400, 401, 403, 404],
      ),
    },
    async (request) => {
      const teamIds = readable(request);
      const team = request.query.team
        ? await visibleTeam(catalog, principalOf(request), request.query.team)
        : undefined;
      return http(
        () =>
          catalog.listServices({
            ...(team ? { team: team.id } : {}),
            ...(teamIds ? { teamIds } : {}),
          }),
        'querystring',
      );
    },
  );
  app.get<{ Params: Params<'service'> }>(
    '/api/services/:service',
    {
      // Found first, then checked: another team's service answers like a missing one (404).
      config: { auth: AUTHENTICATED },
      schema: doc(
        "A service by id or name (another team's service is 404 to a team role, as a missing one)",
        { params: P('service') },
        { 200: Service },
        [400, 401, 403, 404],
      ),
    },
    async (request) => {
      readable(request);
      const service = await visibleService(request, request.params.service);
      if (!principalCan(principalOf(request), 'catalog:read', service.ownerTeamId))
        throw forbidden('catalog:read');
      return service;
    },
  );
  app.post<{ Body: Static<typeof ServiceBody> }>(
    '/api/services',
    {
      config: { auth: teamWrite },
      schema: doc('Create a service', { body: ServiceBody }, { 201: Service }, [400, 401, 403, 404, 409]),
    },
    async (request, reply) => {
      assertSomeWrite(request);
      await assertTeamWrite(request, request.body.owner);
      await visibleBodySystem(catalog, principalOf(request), request.body.system);
      const service = await http(() => catalog.createService(actor(request), request.body));
      return reply.status(201).send(service);
    },
  );
  app.patch<{ Params: Params<'service'>; Body: Static<typeof ServicePatch> }>(
    '/api/services/:service',
    {
      config: { auth: teamWrite },
      schema: doc(
        'Change a service (null clears an optional field)',
        { params: P('service'), body: ServicePatch },
        { 200: Service },
        [400, 401, 403, 404, 409],
      ),
    },
    async (request) => {
      assertSomeWrite(request);
      const before = await visibleService(request, request.params.service);
      await assertTeamWrite(request, before.ownerTeamId);
      if (request.body.owner !== undefined) await assertTeamWrite(request, request.body.owner);
      await visibleBodySystem(catalog, principalOf(request), request.body.system);
      return (await http(() => catalog.updateService(actor(request), before.id, request.body))).value;
    },
  );
  app.delete<{ Params: Params<'service'> }>(
    '/api/services/:service',
    {
      config: { auth: teamWrite },
      schema: doc(
        'Delete a service and its findings',
        { params: P('service') },
        { 204: Type.Null() },
        [400, 401, 403, 404],
      ),
    },
    async (request, reply) => {
      assertSomeWrite(request);
      const service = await visibleService(request, request.params.service);
      await assertTeamWrite(request, service.ownerTeamId);
      await http(() => catalog.deleteService(actor(request), service.id));
      return reply.status(204).send();
    },
  );

  // ── systems ────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/systems',
    {
      config: { auth: AUTHENTICATED },
      schema: doc(
        'List systems (a team role: those its teams own or hold services in)',
        {},
        { 200: Type.Array(System) },
        [401, 403],
      ),
    },
    async (request) => {
      const teams = readable(request);
      const all = await catalog.listSystems();
      if (teams === undefined) return all;
      const used = new Set((await catalog.listServices({ teamIds: teams })).map((x) => x.systemId));
      return all.filter((x) => (x.ownerTeamId !== null && teams.includes(x.ownerTeamId)) || used.has(x.id));
    },
  );
  app.get<{ Params: Params<'system'> }>(
    '/api/systems/:system',
    {
      config: { auth: AUTHENTICATED },
      schema: doc(
        'A system by id or name (one the caller may not see is 404, as a missing one)',
        { params: P('system') },
        { 200: System },
        [400, 401, 403, 404],
      ),
    },
    async (request) => {
      readable(request);
      const system = await visibleSystem(catalog, principalOf(request), request.params.system);
      // An ownerless system needs a global grant, even when listed for holding one's services.
      if (!principalCan(principalOf(request), 'catalog:read', system.ownerTeamId ?? undefined))
        throw forbidden('catalog:read');
      return system;
    },
  );
  app.post<{ Body: Static<typeof SystemBody> }>(
    '/api/systems',
    {
      config: { auth: write },
      schema: doc('Create a system', { body: SystemBody }, { 201: System }, [400, 401, 403, 404, 409]),
    },
    async (request, reply) => {
      const system = await http(() => catalog.createSystem(actor(request), request.body));
      return reply.status(201).send(system);
    },
  );
  app.patch<{ Params: Params<'system'>; Body: Static<typeof SystemPatch> }>(
    '/api/systems/:system',
    {
      config: { auth: write },
      schema: doc(
        'Rename a system or change its display name or owner (null clears the owner)',
        { params: P('system'), body: SystemPatch },
        { 200: System },
        [400, 401, 403, 404, 409],
      ),
    },
    async (request) =>
      (await http(() => catalog.updateSystem(actor(request), request.params.system, request.body))).value,
  );
  app.delete<{ Params: Params<'system'> }>(
    '/api/systems/:system',
    {
      config: { auth: write },
      schema: doc(
        'Delete a system (its services stay, without a system)',
        { params: P('system') },
        { 204: Type.Null() },
        [400, 401, 403, 404],
      ),
    },
    async (request, reply) => {
      await http(() => catalog.deleteSystem(actor(request), request.params.system));
      return reply.status(204).send();
    },
  );

  // ── import ─────────────────────────────────────────────────────────────────────────────
  app.post<{ Querystring: Static<typeof ImportQuery>; Body: unknown }>(
    '/api/catalog/import',
    {
      config: { auth: write },
      schema: doc(
        'Import Backstage catalog-info.yaml (body: YAML text, content-type application/yaml)',
        { querystring: ImportQuery },
        { 200: ImportReport },
        [400, 401, 403, 415],
      ),
    },
    async (request) => {
      if (typeof request.body !== 'string')
        throw new HttpError(400, 'E_VALIDATION', 'body must be YAML text (content-type application/yaml)', {
          field: 'body',
        });
      return importBackstage(catalog, actor(request), [
        { name: request.query.file ?? 'catalog-info.yaml', text: request.body },
      ]);
    },
  );
}

/**
 * Team roles are granted only by someone with roles:manage for the team, or by someone who
 * already holds every permission of each role for that team (no one can hand out more than they have).
 */
function assertMayGrant(principal: Principal, teamId: string, roles: readonly string[]): void {
  if (principalCan(principal, 'roles:manage', teamId)) return;
  for (const role of roles) {
    if (!isRoleName(role)) continue; // the service answers 400 naming the field
    const missing = ROLE_PERMISSIONS[role].find((p) => !principalCan(principal, p, teamId));
    if (missing) throw forbidden(missing);
  }
}

/** Runs catalog work, turning CatalogError into the API's error shape. */
async function http<T>(work: () => Promise<T>, where = 'body'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    switch (error.reason) {
      case 'invalid': {
        const field =
          error.field === undefined
            ? where
            : error.field.startsWith(where)
              ? error.field
              : `${where}.${error.field}`;
        throw new HttpError(400, 'E_VALIDATION', `${where === 'body' ? 'body.' : ''}${error.message}`, {
          field,
        });
      }
      case 'not-found':
        throw new HttpError(404, 'E_NOT_FOUND', error.message, {
          ...(error.hint ? { hint: error.hint } : {}),
          ...(error.field ? { field: `body.${error.field}` } : {}),
        });
      case 'conflict':
        throw new HttpError(409, 'E_CONFLICT', error.message, {});
    }
  }
}

import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Principal, principalCan } from '../../catalog/principal.ts';
import type { ExceptionRequests, RequestActor } from '../../posture/exception-requests.ts';
import {
  type ExceptionRequest,
  isRequestStatus,
  REQUEST_STATUSES,
} from '../../posture/request-repository.ts';
import type { PostureService } from '../../posture/service.ts';
import { FINDING_STATUSES } from '../../posture/types.ts';
import { AUTHENTICATED, principalOf, requires } from '../auth/route-auth.ts';
import { forbidden, HttpError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { actorFor, mapped, teamsWith } from './findings-access.ts';
import { IdParams, Severity } from './findings-schemas.ts';

export interface ExceptionRequestRoutesOptions {
  readonly posture: PostureService;
  readonly requests: ExceptionRequests;
}

const enumOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });
const nullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });

const RequestBody = Type.Object(
  {
    kind: enumOf(['waiver', 'risk-acceptance'] as const),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    owner: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Waivers only' })),
    expiresAt: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601; required for waivers' }),
    ),
  },
  { additionalProperties: false },
);
const DecisionBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const RejectBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Comma list of pending, approved, rejected (default pending)',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

const RequestView = Type.Object({
  id: Type.String(),
  kind: enumOf(['waiver', 'risk-acceptance'] as const),
  findingId: Type.String(),
  serviceId: Type.String(),
  teamId: Type.String(),
  reason: Type.String(),
  owner: Type.String(),
  expiresAt: nullableString,
  status: enumOf(REQUEST_STATUSES),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  decidedBy: nullableString,
  decidedAt: nullableString,
  decisionNote: nullableString,
  canDecide: Type.Boolean({ description: 'The caller may approve or reject it now' }),
});
const ListedRequest = Type.Intersect([
  RequestView,
  Type.Object({
    finding: Type.Object({
      title: Type.String(),
      severity: Severity,
      status: enumOf(FINDING_STATUSES),
      ruleId: Type.String(),
      serviceName: Type.String(),
    }),
  }),
]);
const RequestPage = Type.Object({ items: Type.Array(ListedRequest), next: Type.Optional(Type.String()) });

/** The team of the finding or request named in the URL, found before the guard asks for it. */
const teamOf = new WeakMap<FastifyRequest, string>();
const teamOfRequest = (request: FastifyRequest) => teamOf.get(request);

/**
 * Waiver and risk-acceptance requests and their approval (docs/findings-lifecycle.md): request
 * needs findings:request-exception for the finding's team; a waiver request is decided by
 * whoever may waive or accept risk for that team, a risk-acceptance request by its risk owner.
 */
export async function exceptionRequestRoutes(
  app: FastifyInstance,
  options: ExceptionRequestRoutesOptions,
): Promise<void> {
  const { posture, requests } = options;
  const loadFindingTeam = async (request: FastifyRequest) => {
    const id = (request.params as { id?: unknown }).id;
    if (typeof id !== 'string' || id.length > 100) return;
    const team = await posture.teamOf(id);
    if (team !== undefined) teamOf.set(request, team);
  };

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RequestBody> }>(
    '/api/findings/:id/requests',
    {
      config: { auth: requires('findings:request-exception', teamOfRequest) },
      onRequest: loadFindingTeam,
      schema: {
        tags: ['findings'],
        summary: 'Request a waiver or risk acceptance for a finding (decided by someone else)',
        params: IdParams,
        body: RequestBody,
        response: withErrors({ 201: RequestView }, [400, 401, 403, 404, 409]),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const actor = requestActor(principal, teamOf.get(request) as string);
      const created = await mapped(() => requests.request(request.params.id, request.body, actor));
      return reply.status(201).send(view(created, principal));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/findings/:id/requests',
    {
      config: { auth: requires('findings:read', teamOfRequest) },
      onRequest: loadFindingTeam,
      schema: {
        tags: ['findings'],
        summary: "A finding's exception requests, oldest first",
        params: IdParams,
        response: withErrors({ 200: RequestPage }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await mapped(() => posture.get(request.params.id));
      const page = await requests.list({ findingId: request.params.id }, { limit: 500 });
      return { items: page.items.map((r) => ({ ...r, ...view(r, principal) })) };
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/exception-requests',
    {
      // Results are limited to the teams whose findings the caller may read.
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['findings'],
        summary: "Exception requests of the caller's teams (default: pending), oldest first",
        querystring: ListQuery,
        response: withErrors({ 200: RequestPage }, [400, 401, 403]),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const teams = teamsWith(principal, 'findings:read');
      if (teams?.length === 0) throw forbidden('findings:read');
      const statuses = (request.query.status ?? 'pending')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = statuses.find((s) => !isRequestStatus(s));
      if (bad !== undefined)
        throw new HttpError(
          400,
          'E_VALIDATION',
          `querystring.status has an unknown value ${JSON.stringify(bad)}`,
          {
            field: 'querystring.status',
          },
        );
      const page = await requests.list(
        { ...(teams ? { teamIds: teams } : {}), statuses: statuses.filter(isRequestStatus) },
        { limit: request.query.limit ?? 50, ...(request.query.after ? { after: request.query.after } : {}) },
      );
      return { ...page, items: page.items.map((r) => ({ ...r, ...view(r, principal) })) };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DecisionBody> }>(
    '/api/exception-requests/:id/approve',
    {
      // The permission depends on the request's kind and team: the handler checks it.
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['findings'],
        summary: 'Approve a pending request: the waiver or risk acceptance is applied at once',
        params: IdParams,
        body: DecisionBody,
        response: withErrors({ 200: RequestView }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const pending = await decidable(request.params.id, principal);
      const approved = await mapped(() =>
        requests.approve(pending.id, requestActor(principal, pending.teamId), request.body.note),
      );
      return view(approved, principal);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RejectBody> }>(
    '/api/exception-requests/:id/reject',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['findings'],
        summary: 'Reject a pending request (note says why)',
        params: IdParams,
        body: RejectBody,
        response: withErrors({ 200: RequestView }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const pending = await decidable(request.params.id, principal);
      const rejected = await mapped(() =>
        requests.reject(pending.id, requestActor(principal, pending.teamId), request.body.note),
      );
      return view(rejected, principal);
    },
  );

  /** The request, once the caller may decide requests of its kind for its team (else 403; unseen = 404). */
  async function decidable(id: string, principal: Principal): Promise<ExceptionRequest> {
    const request = await mapped(() => requests.get(id));
    if (!principalCan(principal, 'findings:read', request.teamId))
      throw new HttpError(404, 'E_NOT_FOUND', `exception request ${JSON.stringify(id)} not found`, {
        hint: 'GET /api/exception-requests lists the requests you may see',
      });
    const permission = deciderPermission(principal, request);
    if (permission) throw forbidden(permission);
    return request;
  }
}

/**
 * What the caller lacks to decide `request`, or undefined. Waivers: findings:waive or
 * findings:accept-risk for the team (security, architect, risk owner, admin); risk acceptance:
 * findings:accept-risk and the risk-owner role for the team (an admin without the role may not).
 */
function deciderPermission(principal: Principal, request: ExceptionRequest): string | undefined {
  const team = request.teamId;
  if (request.kind === 'waiver')
    return principalCan(principal, 'findings:waive', team) ||
      principalCan(principal, 'findings:accept-risk', team)
      ? undefined
      : 'findings:waive';
  const riskOwner = principal.grants.some(
    (g) => g.role === 'risk-owner' && (g.teamId === null || g.teamId === team),
  );
  return principalCan(principal, 'findings:accept-risk', team) && riskOwner
    ? undefined
    : 'findings:accept-risk';
}

function requestActor(principal: Principal, teamId: string): RequestActor {
  return { ...actorFor(principal, teamId), personId: principal.personId };
}

function view(r: ExceptionRequest, principal: Principal): Static<typeof RequestView> {
  return {
    id: r.id,
    kind: r.kind,
    findingId: r.findingId,
    serviceId: r.serviceId,
    teamId: r.teamId,
    reason: r.reason,
    owner: r.owner,
    expiresAt: r.expiresAt,
    status: r.status,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
    canDecide:
      r.status === 'pending' &&
      r.requesterPersonId !== principal.personId &&
      deciderPermission(principal, r) === undefined,
  };
}

import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalCanSomewhere } from '../../catalog/principal.ts';
import { isSeverity } from '../../core/severity.ts';
import type { ListJsonPage } from '../../posture/repository.ts';
import type { PostureService } from '../../posture/service.ts';
import { isFindingStatus } from '../../posture/types.ts';
import { parseUpload } from '../../posture/upload.ts';
import { AUTHENTICATED, principalOf, requires } from '../auth/route-auth.ts';
import { forbidden, HttpError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { actorFor, assertCan, mapped, teamsWith, visibleService } from './findings-access.ts';
import {
  BulkWaiveBody,
  Changed,
  ExceptionBody,
  FindingDetail,
  IdParams,
  ListQuery,
  Page,
  UploadBody,
  UploadResult,
} from './findings-schemas.ts';

export interface FindingsRoutesOptions {
  readonly posture: PostureService;
  /** Largest upload body in bytes (default 64 MiB; a 10,000-finding report is ~10 MB); larger → 413. */
  readonly uploadBodyLimit?: number;
  /** How often expired waivers are swept (default 60 s; 0 = only on reads). */
  readonly sweepIntervalMs?: number;
}

export const DEFAULT_UPLOAD_BODY_LIMIT = 64 * 1024 * 1024;

/** `Page` as JSON from findings that are JSON text already (PostureService.listJson). */
function pageJson(page: ListJsonPage): string {
  const items = `{"items":[${page.items.join(',')}]`;
  return page.next === undefined ? `${items}}` : `${items},"next":${JSON.stringify(page.next)}}`;
}

/** The team of the finding named in the URL, found before the guard asks for it. */
const findingTeam = new WeakMap<FastifyRequest, string>();
const teamOfRequest = (request: FastifyRequest) => findingTeam.get(request);

/** Uploads, the findings list and detail, waivers and risk acceptance (docs/findings-lifecycle.md). */
export async function findingsRoutes(app: FastifyInstance, options: FindingsRoutesOptions): Promise<void> {
  const { posture } = options;
  const interval = options.sweepIntervalMs ?? 60_000;
  if (interval > 0) {
    const timer = setInterval(() => {
      posture.sweep().catch((error: unknown) => app.log.error({ err: error }, 'waiver expiry sweep failed'));
    }, interval);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  // onRequest runs before the global guard (preValidation), so the guard can check the finding's team.
  const loadTeam = async (request: FastifyRequest) => {
    const id = (request.params as { id?: unknown }).id;
    if (typeof id !== 'string' || id.length > 100) return;
    const team = await posture.teamOf(id);
    if (team !== undefined) findingTeam.set(request, team);
  };

  app.post<{ Body: Static<typeof UploadBody> }>(
    '/api/uploads',
    {
      // The service (and so its team) is known only once the body is parsed; the handler checks
      // findings:upload for that team.
      config: { auth: AUTHENTICATED },
      bodyLimit: options.uploadBodyLimit ?? DEFAULT_UPLOAD_BODY_LIMIT,
      schema: {
        tags: ['findings'],
        summary: 'Upload a scan report for a service (API token with findings:upload for its team)',
        body: UploadBody,
        response: withErrors({ 201: UploadResult }, [400, 401, 403, 404, 413]),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!principalCanSomewhere(principal, 'findings:upload')) throw forbidden('findings:upload');
      const upload = await mapped(async () => parseUpload(request.body));
      const service = await visibleService(posture, principal, upload.service);
      assertCan(principal, 'findings:upload', service.teamId);
      const summary = await mapped(() => posture.ingest(upload, actorFor(principal, service.teamId)));
      return reply.status(201).send(summary);
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/findings',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['findings'],
        summary: "Findings of the caller's teams, filtered, sorted, cursor-paged",
        querystring: ListQuery,
        response: withErrors({ 200: Page }, [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const teams = readableTeams(request);
      await posture.sweepBeforeRead();
      const serviceIds = q.service
        ? [(await visibleService(posture, principalOf(request), q.service)).id]
        : undefined;
      const teamIds = narrowTeams(teams, q.team);
      if (teamIds?.length === 0) return { items: [] };
      const page = await mapped(
        () =>
          posture.listJson(
            {
              ...(serviceIds ? { serviceIds } : {}),
              ...(teamIds ? { teamIds } : {}),
              ...(q.severity ? { severities: listOf(q.severity, 'severity', isSeverity) } : {}),
              ...(q.status ? { statuses: listOf(q.status, 'status', isFindingStatus) } : {}),
              ...(q.rule ? { ruleIds: [q.rule] } : {}),
              ...(q.framework ? { framework: q.framework } : {}),
              ...(q.overdue ? { overdue: true } : {}),
            },
            { limit: q.limit ?? 50, sort: q.sort ?? 'severity', ...(q.after ? { after: q.after } : {}) },
          ),
        'querystring',
      );
      // Already the response schema's JSON (the database wrote each finding): sent as it is,
      // which Fastify does for a string with a JSON content type.
      return reply.type('application/json; charset=utf-8').send(pageJson(page));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/findings/:id',
    {
      config: { auth: requires('findings:read', teamOfRequest) },
      onRequest: loadTeam,
      schema: {
        tags: ['findings'],
        summary: 'One finding with why, fix, references, framework controls, history and exceptions',
        params: IdParams,
        response: withErrors({ 200: FindingDetail }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      await posture.sweepBeforeRead();
      return mapped(() => posture.get(request.params.id));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ExceptionBody> }>(
    '/api/findings/:id/waive',
    {
      config: { auth: requires('findings:waive', teamOfRequest) },
      onRequest: loadTeam,
      schema: {
        tags: ['findings'],
        summary: 'Waive a finding until expiresAt (reason and owner recorded)',
        params: IdParams,
        body: ExceptionBody,
        response: withErrors({ 200: Changed }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      const actor = actorFor(principalOf(request), findingTeam.get(request) as string);
      return { changed: await mapped(() => posture.waive([request.params.id], request.body, actor)) };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ExceptionBody> }>(
    '/api/findings/:id/accept-risk',
    {
      config: { auth: requires('findings:accept-risk', teamOfRequest) },
      onRequest: loadTeam,
      schema: {
        tags: ['findings'],
        summary: "Accept a finding's risk (risk-owner role for its team; optional expiresAt)",
        params: IdParams,
        body: ExceptionBody,
        response: withErrors({ 200: Changed }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      const actor = actorFor(principalOf(request), findingTeam.get(request) as string);
      return { changed: await mapped(() => posture.acceptRisk(request.params.id, request.body, actor)) };
    },
  );

  app.post<{ Body: Static<typeof BulkWaiveBody> }>(
    '/api/findings/bulk-waive',
    {
      // Findings may belong to several teams: the handler checks findings:waive for each.
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['findings'],
        summary: 'Waive up to 500 findings at once (findings:waive for every finding’s team)',
        body: BulkWaiveBody,
        response: withErrors({ 200: Changed }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (!principalCanSomewhere(principal, 'findings:waive')) throw forbidden('findings:waive');
      const { ids, ...exception } = request.body;
      for (const id of ids) {
        const team = await posture.teamOf(id);
        if (team === undefined)
          throw new HttpError(404, 'E_NOT_FOUND', `finding ${JSON.stringify(id)} not found`, {
            hint: 'GET /api/findings lists findings and their ids',
            field: 'body.ids',
          });
        assertCan(principal, 'findings:waive', team);
      }
      const actor = { id: actorFor(principal, '').id, roles: [] };
      return { changed: await mapped(() => posture.waive(ids, exception, actor)) };
    },
  );
}

/** Teams the caller may read (undefined = all); 403 when none. */
export function readableTeams(request: FastifyRequest): string[] | undefined {
  const teams = teamsWith(principalOf(request), 'findings:read');
  if (teams?.length === 0) throw forbidden('findings:read');
  return teams;
}

/** Intersects the caller's teams with a `team` filter. */
export function narrowTeams(readable: string[] | undefined, team: string | undefined): string[] | undefined {
  if (team === undefined) return readable;
  return readable === undefined || readable.includes(team) ? [team] : [];
}

function listOf<T extends string>(value: string, name: string, is: (v: unknown) => v is T): T[] {
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = items.find((v) => !is(v));
  if (bad !== undefined)
    throw new HttpError(
      400,
      'E_VALIDATION',
      `querystring.${name} has an unknown value ${JSON.stringify(bad)}`,
      {
        field: `querystring.${name}`,
      },
    );
  return items as T[];
}

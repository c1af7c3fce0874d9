import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { GROUPS } from '../../posture/repository.ts';
import type { PostureService } from '../../posture/service.ts';
import { AUTHENTICATED, principalOf, requires } from '../auth/route-auth.ts';
import { withErrors } from '../schemas.ts';
import { narrowTeams, readableTeams } from './findings.ts';
import { mapped, visibleService } from './findings-access.ts';

const CountsQuery = Type.Object(
  {
    by: Type.Union(GROUPS.map((g) => Type.Literal(g))),
    team: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    service: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    framework: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    active: Type.Optional(Type.Boolean({ description: 'Only new/open/reopened findings' })),
    overdue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const Counts = Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() }));
const TrendQuery = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })),
    team: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
const SeverityCounts = Type.Object({
  critical: Type.Integer(),
  high: Type.Integer(),
  medium: Type.Integer(),
  low: Type.Integer(),
  info: Type.Integer(),
});
const Trend = Type.Array(Type.Object({ day: Type.String(), open: SeverityCounts }));
const FrameworkParams = Type.Object({ framework: Type.String({ minLength: 1, maxLength: 100 }) });
const Controls = Type.Object({
  framework: Type.String(),
  title: Type.String(),
  controls: Type.Array(
    Type.Object({
      control: Type.String(),
      rules: Type.Array(
        Type.Object({
          ruleId: Type.String(),
          title: Type.String(),
          services: Type.Array(
            Type.Object({
              serviceId: Type.String(),
              service: Type.String(),
              result: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('excepted')]),
              active: Type.Integer(),
              excepted: Type.Integer(),
            }),
          ),
        }),
      ),
    }),
  ),
});

/** Dashboard aggregates: counts, trends, framework controls (docs/findings-lifecycle.md). */
export async function postureRoutes(
  app: FastifyInstance,
  options: { posture: PostureService },
): Promise<void> {
  const { posture } = options;

  app.get<{ Querystring: Static<typeof CountsQuery> }>(
    '/api/posture/counts',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['posture'],
        summary: "Finding counts of the caller's teams by team, service, severity, rule or status",
        querystring: CountsQuery,
        response: withErrors({ 200: Counts }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      const q = request.query;
      const teamIds = narrowTeams(readableTeams(request), q.team);
      if (teamIds?.length === 0) return [];
      await posture.sweepBeforeRead();
      const serviceIds = q.service
        ? [(await visibleService(posture, principalOf(request), q.service)).id]
        : undefined;
      return mapped(() =>
        posture.counts(q.by, {
          ...(teamIds ? { teamIds } : {}),
          ...(serviceIds ? { serviceIds } : {}),
          ...(q.framework ? { framework: q.framework } : {}),
          ...(q.active ? { statuses: ['new', 'open', 'reopened'] } : {}),
          ...(q.overdue ? { overdue: true } : {}),
        }),
      );
    },
  );

  app.get<{ Querystring: Static<typeof TrendQuery> }>(
    '/api/posture/trend',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['posture'],
        summary: 'Open findings per severity per day (caller’s teams)',
        querystring: TrendQuery,
        response: withErrors({ 200: Trend }, [400, 401, 403]),
      },
    },
    async (request) => {
      const teamIds = narrowTeams(readableTeams(request), request.query.team);
      if (teamIds?.length === 0) return [];
      return posture.trend(request.query.days ?? 30, teamIds ? { teamIds } : {});
    },
  );

  app.get<{ Params: Static<typeof FrameworkParams> }>(
    '/api/posture/controls/:framework',
    {
      // Across every service: a global read grant (security, auditor, admin, global viewers).
      config: { auth: requires('findings:read') },
      schema: {
        tags: ['posture'],
        summary: 'Framework control view: control → rules → pass/fail per service',
        params: FrameworkParams,
        response: withErrors({ 200: Controls }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      await posture.sweepBeforeRead();
      return mapped(() => posture.controls(request.params.framework));
    },
  );
}

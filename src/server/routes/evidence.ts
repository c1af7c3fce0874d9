import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { PostureService } from '../../posture/service.ts';
import { requires } from '../auth/route-auth.ts';
import { withErrors } from '../schemas.ts';
import { mapped } from './findings-access.ts';

const Params = Type.Object({ framework: Type.String({ minLength: 1, maxLength: 100 }) });
const Query = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })) },
  { additionalProperties: false },
);

/** Evidence for auditors: every control × rule × service result of a framework, as JSON or CSV. */
export async function evidenceRoutes(
  app: FastifyInstance,
  options: { posture: PostureService },
): Promise<void> {
  const { posture } = options;
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
    '/api/evidence/:framework',
    {
      config: { auth: requires('findings:read') },
      schema: {
        tags: ['posture'],
        summary: 'Evidence export per framework (format=json|csv)',
        params: Params,
        querystring: Query,
        response: withErrors(
          { 200: Type.String({ description: 'JSON document or CSV (RFC 4180)' }) },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      await posture.sweepBeforeRead();
      const format = request.query.format ?? 'json';
      const body = await mapped(() => posture.evidence(request.params.framework, format));
      const name = `rampart-evidence-${request.params.framework}.${format}`;
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .serializer((payload: unknown) => payload as string)
        .send(body);
    },
  );
}

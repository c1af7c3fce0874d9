import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RAMPART_VERSION } from '../../scan/version.ts';
import { PUBLIC } from '../auth/route-auth.ts';

/** Registers @fastify/swagger (must come before the routes it documents) and serves /openapi.json. */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    // Shared schemas keep their $id as the component name (#/components/schemas/Error).
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rampart control plane API', version: RAMPART_VERSION },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (rmp_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'rampart_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  app.get('/openapi.json', { config: { auth: PUBLIC }, schema: { hide: true } }, async () => app.swagger());
});

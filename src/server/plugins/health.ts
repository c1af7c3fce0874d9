import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../store/migrations/index.ts';
import type { Store } from '../../store/store.ts';
import { PUBLIC } from '../auth/route-auth.ts';

const Status = Type.Object({
  status: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** /healthz: the process answers. /readyz: the database answers and every migration is applied. */
export async function healthPlugin(app: FastifyInstance, options: { store: Store }): Promise<void> {
  app.get(
    '/healthz',
    { config: { auth: PUBLIC }, schema: { tags: ['ops'], response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    { config: { auth: PUBLIC }, schema: { tags: ['ops'], response: { 200: Status, 503: Status } } },
    async (request, reply) => {
      try {
        const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(options.store.db);
        const applied = new Set(rows.rows.map((r) => r.name));
        const pending = Object.keys(MIGRATIONS).filter((m) => !applied.has(m));
        if (pending.length > 0)
          return reply.status(503).send({ status: 'migrations pending', details: { pending } });
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.status(503).send({ status: 'database unreachable' });
      }
    },
  );
}

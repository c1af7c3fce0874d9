import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuditRecord } from '../../audit/entry.ts';
import type { VerifyReport } from '../../audit/verifier.ts';
import { verifyRepository } from '../../audit/verify.ts';
import type { StoreAuditRepository } from '../../store/repositories/audit-repository.ts';
import { requires } from '../auth/route-auth.ts';
import { HttpError } from '../errors.ts';
import { withErrors } from '../schemas.ts';

export interface AuditRoutesOptions {
  readonly repository: StoreAuditRepository;
  /**
   * Key ids the server's own checkpoints are signed with: verification rejects checkpoints signed
   * by any other key (someone with database access could otherwise re-sign a rewritten chain).
   */
  readonly trustedKeyIds?: ReadonlySet<string>;
  readonly now?: () => Date;
}

const ListQuery = Type.Object(
  {
    action: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Exact action, or a prefix ending in "*" (e.g. "finding.*")',
      }),
    ),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'e.g. person:<id>' })),
    target: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'e.g. finding:<id>' })),
    from: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601, inclusive' })),
    to: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601, inclusive' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    before: Type.Optional(
      Type.Integer({ minimum: 1, description: "The previous page's `next`: entries with a lower seq" }),
    ),
  },
  { additionalProperties: false },
);

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  target: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
const EntryPage = Type.Object({ items: Type.Array(Entry), next: Type.Optional(Type.Integer()) });

const MAX_REPORT_AGE_MS = 60_000;
const VerifyQuery = Type.Object(
  {
    fresh: Type.Optional(
      Type.Boolean({ description: 'Verify now instead of reusing a report up to a minute old' }),
    ),
  },
  { additionalProperties: false },
);

const Verification = Type.Object({
  ok: Type.Boolean(),
  checkedAt: Type.String(),
  entries: Type.Integer(),
  checkpoints: Type.Integer(),
  headSeq: Type.Integer(),
  headHash: Type.String(),
  signedThrough: Type.Integer({ description: 'Highest seq covered by a verified signed checkpoint' }),
  unsigned: Type.Integer({ description: 'Entries after the last verified checkpoint' }),
  keyIds: Type.Array(Type.String()),
  pinned: Type.Boolean({ description: "Checkpoints had to be signed by the server's own key" }),
  lastCheckpoint: Type.Union([
    Type.Object({ seq: Type.Integer(), at: Type.String(), keyId: Type.String() }),
    Type.Null(),
  ]),
  problem: Type.Optional(Type.Object({ seq: Type.Integer(), kind: Type.String(), reason: Type.String() })),
});

/** The audit log viewer's API (docs/audit.md): entries newest first, and chain verification. */
export async function auditRoutes(app: FastifyInstance, options: AuditRoutesOptions): Promise<void> {
  const { repository } = options;
  const now = options.now ?? (() => new Date());
  // Verification re-reads the whole chain (~50,000 entries/s): callers arriving while it runs
  // share it, and opening the viewer reuses a report up to a minute old unless asked for a fresh one.
  let running: Promise<{ report: VerifyReport; checkedAt: Date }> | undefined;
  let latest: { report: VerifyReport; checkedAt: Date } | undefined;
  const verify = (fresh: boolean) => {
    if (!fresh && latest && now().getTime() - latest.checkedAt.getTime() < MAX_REPORT_AGE_MS)
      return Promise.resolve(latest);
    running ??= (async () => {
      const checkedAt = now();
      const report = await verifyRepository(
        repository,
        options.trustedKeyIds ? { trustedKeyIds: options.trustedKeyIds } : {},
      );
      latest = { report, checkedAt };
      return latest;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/audit',
    {
      // Audit entries span every team: a global audit:read grant (admin, auditor, security).
      config: { auth: requires('audit:read') },
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first; filter by action, actor, target and time range',
        querystring: ListQuery,
        response: withErrors({ 200: EntryPage }, [400, 401, 403]),
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const action = q.action?.endsWith('*')
        ? { actionPrefix: q.action.slice(0, -1) }
        : q.action !== undefined
          ? { action: q.action }
          : {};
      const items = await repository.search(
        {
          ...action,
          ...(q.actor !== undefined ? { actor: q.actor } : {}),
          ...(q.target !== undefined ? { target: q.target } : {}),
          ...(q.from !== undefined ? { from: isoBound(q.from, 'from', 'start') } : {}),
          ...(q.to !== undefined ? { to: isoBound(q.to, 'to', 'end') } : {}),
        },
        { limit, ...(q.before !== undefined ? { beforeSeq: q.before } : {}) },
      );
      const last = items.at(-1);
      return {
        items: items.map((e: AuditRecord) => ({ ...e })),
        ...(items.length === limit && last && last.seq > 1 ? { next: last.seq } : {}),
      };
    },
  );

  app.get<{ Querystring: Static<typeof VerifyQuery> }>(
    '/api/audit/verify',
    {
      config: { auth: requires('audit:read') },
      schema: {
        tags: ['audit'],
        summary: 'Verify the whole hash chain and its signed checkpoints (as `rampart audit verify`)',
        querystring: VerifyQuery,
        response: withErrors({ 200: Verification }, [400, 401, 403]),
      },
    },
    async (request) => {
      const { report, checkedAt } = await verify(request.query.fresh === true);
      const checkpoints = await repository.listCheckpoints();
      const last = checkpoints.at(-1);
      return {
        ok: report.ok,
        checkedAt: checkedAt.toISOString(),
        entries: report.entries,
        checkpoints: report.checkpoints,
        headSeq: report.headSeq,
        headHash: report.headHash,
        signedThrough: report.signedThrough,
        unsigned: Math.max(0, report.headSeq - report.signedThrough),
        keyIds: [...report.keyIds],
        pinned: options.trustedKeyIds !== undefined,
        lastCheckpoint: last ? { seq: last.seq, at: last.at, keyId: last.keyId } : null,
        ...(report.problem ? { problem: { ...report.problem } } : {}),
      };
    },
  );
}

/**
 * `at` is stored as ISO 8601 UTC with milliseconds, compared as text: normalise the bound to that
 * form. A bare date means its whole day (from its start, to its end).
 */
function isoBound(value: string, name: 'from' | 'to', side: 'start' | 'end'): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const text = dateOnly ? `${value}T${side === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
  const t = Date.parse(text);
  if (Number.isNaN(t))
    throw new HttpError(400, 'E_VALIDATION', `querystring.${name} must be an ISO 8601 date or time`, {
      field: `querystring.${name}`,
    });
  return new Date(t).toISOString();
}

import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { FRAMEWORKS, isFrameworkId } from '../../core/framework.ts';
import { SEVERITIES } from '../../core/severity.ts';
import { AUTHENTICATED } from '../auth/route-auth.ts';
import { HttpError, notFound } from '../errors.ts';
import { RULE_KINDS, type RulesCatalog } from '../rules-catalog.ts';
import { withErrors } from '../schemas.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words that must all occur' })),
    kind: Type.Optional(literals(RULE_KINDS)),
    severity: Type.Optional(literals(SEVERITIES)),
    framework: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Framework id' })),
  },
  { additionalProperties: false },
);
const Frameworks = Type.Record(Type.String(), Type.Array(Type.String()));
const RuleSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  severity: literals(SEVERITIES),
  kind: literals(RULE_KINDS),
  frameworks: Frameworks,
  input: Type.Optional(Type.String()),
});
const RuleList = Type.Object({ total: Type.Integer(), items: Type.Array(RuleSummary) });
const Rule = Type.Object({
  ...RuleSummary.properties,
  description: Type.String(),
  why: Type.String(),
  fix: Type.String(),
  references: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  attack: Type.Optional(Type.Array(Type.String())),
  logsource: Type.Optional(Type.Record(Type.String(), Type.String())),
  falsePositives: Type.Optional(Type.Array(Type.String())),
});
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const FrameworkList = Type.Array(
  Type.Object({ id: Type.String(), title: Type.String(), rules: Type.Integer() }),
);

/**
 * The built-in rules catalog (docs/server.md §Rules catalog): education for everyone signed in,
 * so any role may read it. The catalog loads the rule files on first use.
 */
export async function rulesRoutes(app: FastifyInstance, options: { rules: RulesCatalog }): Promise<void> {
  const { rules } = options;
  // Built once the server listens, in the background (yielding between files), so the first
  // GET /api/rules does not wait for it; a failure is logged and retried by that request.
  app.addHook('onListen', async () => {
    rules.warm((error) => app.log.warn({ err: error }, 'rules catalog: background load failed'));
  });

  app.get<{ Querystring: Static<typeof SearchQuery> }>(
    '/api/rules',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['rules'],
        summary: 'Search the built-in rules (policy, secrets, Sigma) by words, kind, severity, framework',
        querystring: SearchQuery,
        response: withErrors({ 200: RuleList }, [400, 401]),
      },
    },
    async (request) => {
      const { framework } = request.query;
      if (framework !== undefined && !isFrameworkId(framework))
        throw new HttpError(
          400,
          'E_VALIDATION',
          `querystring.framework: unknown framework ${JSON.stringify(framework)}`,
          {
            field: 'querystring.framework',
            hint: 'GET /api/frameworks lists the framework ids',
          },
        );
      const found = await rules.search(request.query);
      return {
        total: found.length,
        items: found.map((r) => ({
          id: r.id,
          title: r.title,
          severity: r.severity,
          kind: r.kind,
          frameworks: r.frameworks,
          ...(r.input ? { input: r.input } : {}),
        })),
      };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/rules/:id',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['rules'],
        summary: 'One built-in rule: why, fix, references, framework controls',
        params: IdParams,
        response: withErrors({ 200: Rule }, [400, 401, 404]),
      },
    },
    async (request) => {
      const rule = await rules.get(request.params.id);
      if (!rule)
        throw notFound(
          `rule ${JSON.stringify(request.params.id)}`,
          'GET /api/rules lists the built-in rules; custom policy rules are not in the catalog',
        );
      return rule;
    },
  );

  app.get(
    '/api/frameworks',
    {
      config: { auth: AUTHENTICATED },
      schema: {
        tags: ['rules'],
        summary: 'Compliance frameworks rules map to, with how many built-in rules map to each',
        response: withErrors({ 200: FrameworkList }, [401]),
      },
    },
    async () => {
      const counts = new Map<string, number>();
      for (const r of await rules.search())
        for (const f of Object.keys(r.frameworks)) counts.set(f, (counts.get(f) ?? 0) + 1);
      return Object.entries(FRAMEWORKS).map(([id, title]) => ({ id, title, rules: counts.get(id) ?? 0 }));
    },
  );
}

/**
 * GET /api/findings sends JSON the database wrote (PostureService.listJson, finding-json.ts).
 * It must equal what the route's response schema made of PostureService.list — the objects it
 * answered with before — for every sort, filter and page, including strings JSON must escape,
 * missing files and lines, and findings overdue or not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { manyFindings, report } from '../../../test/fixtures/posture/reports.ts';
import type { ListFilter, ListPage } from '../../posture/repository.ts';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';
import { Page } from './findings-schemas.ts';

// Every character class JSON treats specially, plus multi-byte and astral ones (no NUL: PostgreSQL
// text cannot hold it).
const AWKWARD = [
  'quote " and backslash \\ and slash /',
  'tab\there, newline\nthere, return\r, \b\f and \u0001\u001f\u007f',
  'accents é ü, CJK 漢字, emoji 😀, separators \u2028\u2029',
  '</script><!-- {"json": [1]} -->',
];

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: the findings list's database-written JSON equals the schema-serialised list`, async (t) => {
    let clock = Date.parse('2026-11-01T00:00:00.000Z');
    const server = await testServer(t, dialect, { now: () => new Date(clock) });
    if (!server) return;
    const admin = await server.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const team = await server.createTeam('payments');
    const created = await server.as(admin, 'POST', '/api/services', { name: 'checkout', owner: team });
    assert.equal(created.statusCode, 201, created.body);
    const uploaded = await server.as(admin, 'POST', '/api/uploads', {
      service: 'checkout',
      commit: 'c1',
      report: report(manyFindings(23, 'a')),
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);

    // Awkward values, written straight into the rows (the upload path would normalise some).
    const db = server.store.db;
    await db
      .updateTable('services')
      .set({ name: `check"out\\${AWKWARD[2]}` })
      .execute();
    const rows = await db.selectFrom('findings').select(['id']).orderBy('id').execute();
    for (const [i, row] of rows.entries()) {
      const awkward = AWKWARD[i % AWKWARD.length] as string;
      await db
        .updateTable('findings')
        .set({
          title: `${awkward} #${i}`,
          file: i % 5 === 0 ? null : `src/${awkward}.tf`,
          line: i % 5 === 0 ? null : i * 7,
          fingerprint: `fp "${i}"`,
          ...(i % 6 === 1 ? { status: 'fixed', fixed_at: '2026-11-02T00:00:00.000Z' } : {}),
          ...(i % 6 === 2 ? { status: 'waived' } : {}),
          ...(i % 6 === 3 ? { status: 'open' } : {}),
          ...(i % 4 === 0 ? { sla_due_at: null } : {}),
          ...(i % 4 === 1 ? { sla_due_at: '2026-11-10T00:00:00.000Z' } : {}),
        })
        .where('id', '=', row.id)
        .execute();
    }
    // Some due dates are now past: those findings still open are overdue.
    clock = Date.parse('2026-11-20T00:00:00.000Z');

    // The reference: PostureService.list's objects through Fastify's serialiser for `Page`.
    const reference = Fastify();
    t.after(() => reference.close());
    let current: { filter: ListFilter & { overdue?: boolean }; page: ListPage } | undefined;
    reference.get('/ref', { schema: { response: { 200: Page } } }, async () =>
      server.posture.list(current?.filter ?? {}, current?.page ?? { limit: 50, sort: 'severity' }),
    );
    const cases: Array<[string, ListFilter & { overdue?: boolean }]> = [
      ['', {}],
      ['status=new,open', { statuses: ['new', 'open'] }],
      ['severity=critical,high', { severities: ['critical', 'high'] }],
      ['overdue=true', { overdue: true }],
      [`team=${team}`, { teamIds: [team] }],
    ];
    let overdueSeen = 0;
    for (const sort of ['severity', 'newest', 'oldest', 'due'] as const)
      for (const [query, filter] of cases) {
        let after: string | undefined;
        let pages = 0;
        do {
          const qs = [query, `sort=${sort}`, 'limit=4', after ? `after=${after}` : '']
            .filter(Boolean)
            .join('&');
          // Typed: `after` comes from this answer and feeds the next request's URL.
          const answer: LightMyRequestResponse = await server.as(admin, 'GET', `/api/findings?${qs}`);
          assert.equal(answer.statusCode, 200, answer.body);
          assert.match(String(answer.headers['content-type']), /^application\/json; charset=utf-8/);
          current = { filter, page: { limit: 4, sort, ...(after ? { after } : {}) } };
          const expected = await reference.inject({ method: 'GET', url: '/ref' });
          assert.equal(expected.statusCode, 200, expected.body);
          const got = answer.json() as { items: Array<{ overdue: boolean }>; next?: string };
          assert.deepEqual(got, expected.json(), `${qs}`);
          overdueSeen += got.items.filter((f) => f.overdue).length;
          after = got.next;
          pages++;
        } while (after !== undefined && pages < 20);
        assert.equal(after, undefined, `${query} sort=${sort}: the pages end`);
      }
    assert.ok(overdueSeen > 0, 'some findings are overdue');
  });
}

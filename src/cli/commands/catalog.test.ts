import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { testServer } from '../../server/testing/test-server.ts';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import { runCli } from '../testing/run-cli.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/catalog');

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: rampart catalog import posts each file and prints file:line per entity`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const admin = await s.caller('admin@example.com', [{ role: 'admin', teamId: null }]);
    const token = admin.bearer.replace(/^Bearer /, '');
    const url = await s.app.listen({ port: 0, host: '127.0.0.1' });

    const run = await runCli(['catalog', 'import', 'catalog-info.yaml', '--url', url, '--token', token], {
      cwd: FIXTURES,
    });
    assert.equal(run.code, 1, 'entity errors → exit 1');
    assert.match(
      run.stdout,
      /^catalog-info\.yaml:72: error Component orphan — owner team nobody not found$/m,
    );
    assert.match(run.stdout, /created Component checkout/);
    assert.match(run.stderr, /6 created, 0 updated, 0 unchanged, 1 skipped, 2 errors/);
    assert.ok(!run.stderr.includes(token) && !run.stdout.includes(token));
    assert.equal(
      (await s.app.inject({ url: '/api/services/checkout', headers: { authorization: admin.bearer } }))
        .statusCode,
      200,
    );

    const json = await runCli(['catalog', 'import', 'catalog-info.yaml', '--url', url, '--json'], {
      cwd: FIXTURES,
      env: { RAMPART_TOKEN: token },
    });
    assert.equal(JSON.parse(json.stdout).counts.unchanged, 6);

    const denied = await runCli(
      ['catalog', 'import', 'catalog-info.yaml', '--url', url, '--token', 'rmp_wrong'],
      {
        cwd: FIXTURES,
      },
    );
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /HTTP 401/);
    const noUrl = await runCli(['catalog', 'import', 'catalog-info.yaml', '--token', token], {
      cwd: FIXTURES,
    });
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /--url needs the server URL/);
  });
}

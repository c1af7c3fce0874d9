import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { finding, report } from '../../../test/fixtures/posture/reports.ts';
import { testServer } from '../../server/testing/test-server.ts';
import { CatalogRepository } from '../../store/repositories/catalog-repository.ts';
import { TEST_DIALECTS } from '../../store/testing/test-stores.ts';
import type { CliIo } from '../io.ts';
import { main } from '../main.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

function captureIo(cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    cwd,
    env: { NO_COLOR: '1', ...env },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readStdin: async () => new Uint8Array(),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: rampart push and rampart scan --upload against a real server on loopback`, async (t) => {
    const s = await testServer(t, dialect);
    if (!s) return;
    const team = await s.createTeam('payments');
    await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: team });
    const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: team }]);
    const token = dev.bearer.replace(/^Bearer /, '');
    const url = await s.app.listen({ port: 0, host: '127.0.0.1' });
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-push-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(report([finding('a'), finding('b')])));

    const pushed = captureIo(dir);
    const code = await main(
      [
        'push',
        'results.json',
        '--url',
        url,
        '--token',
        token,
        '--service',
        'checkout',
        '--commit',
        'c1',
        '--branch',
        'main',
      ],
      pushed.io,
    );
    assert.equal(code, 0, pushed.stderr());
    assert.equal(JSON.parse(pushed.stdout()).new, 2);
    assert.match(pushed.stderr(), /2 new/);
    assert.ok(!pushed.stderr().includes(token), 'the token is never printed');

    // Token from RAMPART_TOKEN; unknown service → the server's 404 message and hint, exit 2.
    const ghost = captureIo(dir, { RAMPART_TOKEN: token });
    assert.equal(await main(['push', 'results.json', '--url', url, '--service', 'ghost'], ghost.io), 2);
    assert.match(ghost.stderr(), /HTTP 404: service "ghost" not found \(create it in the catalog/);
    const wrong = captureIo(dir);
    assert.equal(
      await main(
        ['push', 'results.json', '--url', url, '--token', 'rmp_wrong', '--service', 'checkout'],
        wrong.io,
      ),
      2,
    );
    assert.match(wrong.stderr(), /HTTP 401/);
    assert.ok(!wrong.stderr().includes('rmp_wrong'));
    const usage = captureIo(dir);
    assert.equal(await main(['push', 'results.json', '--url', url, '--token', token], usage.io), 2);
    assert.match(usage.stderr(), /--service/);
    writeFileSync(path.join(dir, 'bad.json'), '{"findings": [');
    const bad = captureIo(dir);
    assert.equal(
      await main(['push', 'bad.json', '--url', url, '--token', token, '--service', 'checkout'], bad.io),
      2,
    );
    assert.match(bad.stderr(), /bad\.json.*not a JSON report/);

    // The real scanner on the bundled Kubernetes examples, commit and branch from git.
    const scanned = captureIo(REPO);
    const scanCode = await main(
      [
        'scan',
        'examples/kubernetes',
        '--format',
        'json',
        '--upload',
        url,
        '--token',
        token,
        '--service',
        'checkout',
        '-q',
      ],
      scanned.io,
    );
    assert.ok(scanCode === 0 || scanCode === 1, scanned.stderr());
    const local = JSON.parse(scanned.stdout()) as { findings: Array<{ kind: string }> };
    const page = await s.posture.list({}, { limit: 1000, sort: 'severity' });
    const violations = local.findings.filter(
      (f) => f.kind === 'violation' || f.kind === 'expired-waiver',
    ).length;
    assert.ok(violations > 0, 'the examples have findings');
    assert.equal(page.items.length, 2 + violations);
    const uploads = await s.store.db
      .withTables<{ uploads: { commit_sha: string | null; branch: string | null; target: string } }>()
      .selectFrom('uploads')
      .select(['commit_sha', 'branch', 'target'])
      .where('target', '=', 'examples/kubernetes')
      .execute();
    assert.equal(uploads.length, 1);
    assert.match(uploads[0]?.commit_sha ?? '', /^[0-9a-f]{40}$/, 'commit from git');
  });
}

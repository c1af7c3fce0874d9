/**
 * The end-to-end flow (docs/ui.md): sign in THROUGH a real OpenID Connect provider in
 * Chromium, create an API token on the tokens page, upload a scan with the CLI as a child process
 * using the command the page prints, see the findings, waive one, and find the waiver in the
 * audit log viewer. Screenshots at 1280 and 390 px go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../src/server/plugins/web-ui.ts';
import { testServer } from '../../src/server/testing/test-server.ts';
import { CatalogRepository } from '../../src/store/repositories/catalog-repository.ts';
import { startTestIdp } from '../fixtures/server/test-idp.ts';
import {
  ARTIFACTS,
  chromiumMissing,
  ensureWebBuild,
  launchBrowser,
  scrollWidth,
  waitForCount,
} from './support.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

/** A free loopback port: the IdP must know Rampart's callback URL before Rampart listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

/** The IdP's development login and consent pages, as a person would use them. */
async function signInAtIdp(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  // Consent ("Continue") on first authorisation of the client.
  await page.locator('button[type="submit"]').click();
}

test('IdP sign-in in Chromium → token page → CLI upload → findings → waive → audit log viewer', {
  skip: chromiumMissing,
  timeout: 240_000,
}, async (t) => {
  ensureWebBuild();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const redirectUri = `${base}/api/auth/oidc/callback`;
  const idp = await startTestIdp({
    users: { alice: { email: 'alice@example.com', name: 'Alice Admin', groups: ['rampart-admins'] } },
    redirectUri,
  });
  t.after(() => idp.close());
  const s = await testServer(t, 'sqlite', {
    config: {
      webRoot: DEFAULT_WEB_ROOT,
      oidc: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        redirectUri,
        scopes: 'openid email profile groups',
        roleMapping: { 'rampart-admins': 'admin' },
        allowInsecureIssuer: true,
      },
    },
  });
  assert.ok(s, 'SQLite test database');
  assert.equal(await s.app.listen({ host: '127.0.0.1', port }), base);
  // The catalog entry the upload names (catalog pages are tested elsewhere).
  const team = await s.createTeam('payments');
  await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: team });

  const { page, pageErrors } = await launchBrowser(t, 1280, 900);

  // 1. Sign in through the IdP: Rampart → IdP login + consent → Rampart's callback → the app.
  await page.goto(`${base}/#/tokens`);
  await page.getByRole('link', { name: 'Sign in with your identity provider' }).click();
  await page.waitForURL((url) => url.href.startsWith(idp.issuer));
  await signInAtIdp(page, 'alice');
  await page.waitForURL((url) => url.href.startsWith(base));
  await page.locator('.topbar .who', { hasText: 'alice@example.com' }).waitFor();

  // 2. Create an upload token on the tokens page; the secret and the CLI command are shown once.
  await page.getByRole('link', { name: 'Tokens' }).click();
  await page.getByRole('heading', { name: 'API tokens' }).waitFor();
  await page.getByLabel('Name').fill('ci-checkout');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('token-secret').textContent()) ?? '';
  assert.match(secret, /^rmp_/);
  // The command names a service once the page's list of the caller's services has arrived.
  await page
    .getByTestId('upload-command')
    .filter({ hasText: '--service checkout' })
    .waitFor({ timeout: 15_000 });
  const command = (await page.getByTestId('upload-command').textContent()) ?? '';
  assert.equal(command, `npx rampart scan examples --upload ${base} --token ${secret} --service checkout`);
  await page.locator('table.token-list tbody tr', { hasText: 'ci-checkout' }).waitFor();
  const scopes = await page
    .locator('table.token-list tbody tr', { hasText: 'ci-checkout' })
    .locator('td')
    .nth(1)
    .textContent();
  assert.equal(scopes, 'findings:upload', 'the form preselects only the upload scope');
  await page.screenshot({ path: join(ARTIFACTS, 'ui-idp-token-1280.png'), fullPage: true });

  // 3. The CLI uploads a scan of the bundled examples with that token, as a child process.
  const args = command.split(' ').slice(2); // drop "npx rampart"
  // rampart scan exits 1 when it finds violations; the upload itself must have succeeded.
  const cli = await run(process.execPath, ['bin/rampart.js', ...args], {
    cwd: ROOT,
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
  );
  assert.ok(cli.code === 0 || cli.code === 1, `CLI exited ${cli.code}: ${cli.stderr}`);
  const stored = await s.app.inject({
    url: '/api/findings?service=checkout&limit=1000',
    headers: { authorization: `Bearer ${secret}` },
  });
  // The token carries only findings:upload: reading with it is refused, as its scopes say.
  assert.equal(stored.statusCode, 403);
  const reader = await s.caller('check@example.com', [{ role: 'auditor', teamId: null }]);
  const listed = await s.app.inject({
    url: '/api/findings?service=checkout&limit=1000',
    headers: { authorization: reader.bearer },
  });
  const uploaded = listed.json().items as Array<{ id: string; title: string }>;
  assert.ok(uploaded.length >= 3, `the examples hold several findings, got ${uploaded.length}`);

  // 4. The findings are in the UI.
  await page.getByRole('link', { name: 'Findings' }).click();
  const rows = page.locator('table.findings tbody tr');
  await page.getByLabel('Service', { exact: true }).fill('checkout');
  await page.getByLabel('Service', { exact: true }).press('Enter');
  await waitForCount('finding rows', () => rows.count(), Math.min(uploaded.length, 25));
  await page.screenshot({ path: join(ARTIFACTS, 'ui-idp-findings-1280.png'), fullPage: true });

  // 5. Waive one on its page.
  const id = await rows.first().getAttribute('data-finding-id');
  assert.ok(id);
  await rows.first().locator('a').first().click();
  await page.getByRole('heading', { name: 'How to fix' }).waitFor();
  await page.getByLabel('Reason').fill('example code, never deployed');
  await page.getByRole('button', { name: 'Waive' }).click();
  await page.getByText(/Waived by alice@example.com until/).waitFor();

  // 6. The audit log viewer shows the waiver, by the IdP-signed-in person, on that finding.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByTestId('verify-badge').filter({ hasText: 'Chain verified' }).waitFor();
  await page.getByLabel('Action').fill('finding.waive');
  await page.getByLabel('Action').press('Enter');
  const entries = page.locator('table.audit-entries tbody tr');
  await waitForCount('audit rows', () => entries.count(), 1);
  const row = entries.first();
  assert.equal(await row.locator('td[data-label="Target"] a').first().textContent(), `finding:${id}`);
  assert.match(
    (await row.locator('td[data-label="Details"]').textContent()) ?? '',
    /example code, never deployed/,
  );
  const me = await page.evaluate(async () => (await fetch('/api/me')).json() as Promise<{ id: string }>);
  assert.equal(await row.locator('td[data-label="Actor"]').textContent(), `person:${me.id}`);
  // The sign-in through the IdP and the upload with the token are in the chain too.
  await page.getByLabel('Action').fill('');
  await page.getByLabel('Action').press('Enter');
  for (const action of ['auth.sign-in', 'findings.upload', 'auth.token.create', 'auth.token.use'])
    await page.locator('table.audit-entries td[data-label="Action"]', { hasText: action }).first().waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'ui-idp-audit-1280.png'), fullPage: true });

  // Revoking the token on the tokens page locks the CLI out at once.
  await page.getByRole('link', { name: 'Tokens' }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  const tokenRow = page.locator('table.token-list tbody tr', { hasText: 'ci-checkout' });
  await tokenRow.getByRole('button', { name: 'Revoke' }).click();
  await tokenRow.getByText(/^revoked /).waitFor();
  const refused = await fetch(`${base}/api/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ service: 'checkout', report: {} }),
  });
  assert.equal(refused.status, 401);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByTestId('verify-badge').waitFor();

  // Phone width: the audit log and the tokens page without horizontal scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('verify-badge').waitFor();
  assert.ok(
    (await scrollWidth(page)) <= 390,
    `audit page scrolls sideways at 390 px (${await scrollWidth(page)})`,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'ui-idp-audit-390.png'), fullPage: true });
  await page.goto(`${base}/#/findings/${encodeURIComponent(id)}`);
  await page.getByText(/Waived by alice@example.com until/).waitFor();
  assert.ok((await scrollWidth(page)) <= 390, 'finding page at 390 px');
  await page.screenshot({ path: join(ARTIFACTS, 'ui-idp-finding-390.png'), fullPage: true });
  await page.goto(`${base}/#/tokens`);
  await page.getByRole('heading', { name: 'API tokens' }).waitFor();
  assert.ok((await scrollWidth(page)) <= 390, 'tokens page at 390 px');
  await page.screenshot({ path: join(ARTIFACTS, 'ui-idp-tokens-390.png'), fullPage: true });

  assert.deepEqual(pageErrors, []);
});

/**
 * End-to-end: exception requests and their approval, risk acceptance and bulk waive in Debian
 * Chromium against a real, listening server (docs/ui.md, docs/findings-lifecycle.md). Each person
 * is signed in by giving the browser their session cookies (sign-in itself is tested elsewhere).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../src/server/auth/cookies.ts';
import type { Caller } from '../../src/server/testing/test-server.ts';
import { CatalogRepository } from '../../src/store/repositories/catalog-repository.ts';
import { manyFindings, report } from '../fixtures/posture/reports.ts';
import {
  ARTIFACTS,
  chromiumMissing,
  launchBrowser,
  scrollWidth,
  startUiServer,
  waitForCount,
} from './support.ts';

/** Makes the browser `who`: their session cookie and the CSRF cookie the UI echoes. */
async function become(context: BrowserContext, page: Page, base: string, who: Caller): Promise<void> {
  await context.clearCookies();
  const cookies = Object.fromEntries(
    (who.sessionHeaders.cookie ?? '').split(';').map((pair) => pair.trim().split('=') as [string, string]),
  );
  const session = cookies[SESSION_COOKIE];
  assert.ok(session);
  await context.addCookies([
    { name: SESSION_COOKIE, value: session, url: base, httpOnly: true, secure: true, sameSite: 'Lax' },
    {
      name: CSRF_COOKIE,
      value: who.sessionHeaders['x-csrf-token'] ?? '',
      url: base,
      secure: true,
      sameSite: 'Lax',
    },
  ]);
  // Leave the app: a hash change alone would keep the previous person's page state.
  await page.goto('about:blank');
}

test('web UI: request a waiver, approve it on #/approvals, accept risk as the risk owner, bulk waive', {
  skip: chromiumMissing,
  timeout: 240_000,
}, async (t) => {
  const { s, base } = await startUiServer(t);
  const team = await s.createTeam('payments');
  await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: team });
  const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: team }]);
  const sec = await s.caller('sec@example.com', [{ role: 'security', teamId: team }]);
  const risk = await s.caller('risk@example.com', [{ role: 'risk-owner', teamId: team }]);
  const up = await fetch(`${base}/api/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: dev.bearer },
    body: JSON.stringify({ service: 'checkout', report: report(manyFindings(6)) }),
  });
  assert.equal(up.status, 201, await up.clone().text());
  const api = async (path: string) =>
    (await s.app.inject({ url: path, headers: { authorization: sec.bearer } })).json();
  const ids = ((await api('/api/findings?service=checkout&sort=oldest')).items as Array<{ id: string }>).map(
    (f) => f.id,
  );
  const [first, second, third, fourth] = ids as [string, string, string, string];

  const { context, page, pageErrors } = await launchBrowser(t, 1280, 900);

  // The developer cannot waive; they request a waiver, and the finding shows it pending.
  await become(context, page, base, dev);
  await page.goto(`${base}/#/findings/${first}`);
  await page.getByRole('heading', { name: 'Request an exception' }).waitFor();
  assert.equal(
    await page.getByRole('button', { name: 'Waive' }).count(),
    0,
    'no direct waive for developers',
  );
  await page.getByLabel('Reason').fill('vendor patch lands next sprint');
  await page.getByRole('button', { name: 'Request' }).click();
  const history = page.getByRole('region', { name: 'Exception requests' });
  await history.locator('.badge.req-pending').waitFor();
  assert.equal(
    await page.getByRole('heading', { name: 'Request an exception' }).count(),
    0,
    'one pending at a time',
  );
  assert.equal(await page.locator('.meta .badge.st-new').count(), 1, 'still new while pending');
  // The requester sees it on #/approvals but cannot decide it.
  await page.goto(`${base}/#/approvals`);
  await page.getByText('Waiting for a reviewer').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);

  // Security approves it on the approvals page; the waiver applies at once.
  await become(context, page, base, sec);
  await page.goto(`${base}/#/approvals`);
  const card = page.locator(`li.request`, { hasText: 'vendor patch lands next sprint' });
  await card.waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'ui-approvals-1280.png'), fullPage: true });
  await card.getByLabel('Note').fill('ok until the patch');
  await card.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('No pending requests.').waitFor();
  const waived = await api(`/api/findings/${first}`);
  assert.equal(waived.status, 'waived');
  assert.equal(waived.exceptions[0].reason, 'vendor patch lands next sprint');
  await page.getByRole('link', { name: 'Approved' }).click();
  await page.locator('li.request', { hasText: 'ok until the patch' }).waitFor();
  await page.goto(`${base}/#/findings/${first}`);
  await page.locator('.meta .badge.st-waived').waitFor();
  await page.getByRole('region', { name: 'Exception requests' }).locator('.badge.req-approved').waitFor();

  // Rejection needs a note and leaves the finding open.
  await become(context, page, base, dev);
  await page.goto(`${base}/#/findings/${second}`);
  await page.getByLabel('Kind').selectOption('risk-acceptance');
  await page.getByLabel('Reason').fill('legacy endpoint, isolated network');
  await page.getByRole('button', { name: 'Request' }).click();
  await page.getByRole('region', { name: 'Exception requests' }).locator('.badge.req-pending').waitFor();
  // Security may not decide a risk acceptance: only the team's risk owner.
  await become(context, page, base, sec);
  await page.goto(`${base}/#/approvals`);
  await page
    .locator('li.request', { hasText: 'legacy endpoint' })
    .getByText('Waiting for a reviewer')
    .waitFor();
  await become(context, page, base, risk);
  await page.goto(`${base}/#/approvals`);
  const riskCard = page.locator('li.request', { hasText: 'legacy endpoint' });
  await riskCard.getByRole('button', { name: 'Reject' }).click();
  await riskCard.getByRole('alert').filter({ hasText: 'Say why' }).waitFor();
  await riskCard.getByLabel('Note').fill('fix it instead: the endpoint is reachable');
  await riskCard.getByRole('button', { name: 'Reject' }).click();
  await page.getByText('No pending requests.').waitFor();
  assert.equal((await api(`/api/findings/${second}`)).status, 'new');

  // The risk owner accepts a risk directly on the finding page.
  await page.goto(`${base}/#/findings/${third}`);
  await page
    .getByRole('form', { name: 'Accept risk' })
    .getByLabel('Reason')
    .fill('compensating control in place');
  await page.getByRole('button', { name: 'Accept risk' }).click();
  await page.locator('.meta .badge.st-risk-accepted').waitFor();
  await page.getByText(/Risk accepted by person:.* until no expiry: compensating control in place/).waitFor();

  // Bulk waive: security selects two rows in the list and waives them with one reason.
  await become(context, page, base, sec);
  await page.goto(`${base}/#/findings?service=checkout&status=new`);
  const rows = page.locator('table.findings tbody tr');
  await waitForCount('new findings', () => rows.count(), 4);
  for (const id of [second, fourth])
    await page.locator(`tr[data-finding-id="${id}"] input[type="checkbox"]`).check();
  const bar = page.getByRole('form', { name: 'Waive selected findings' });
  await bar.getByText('2 selected').waitFor();
  await bar.getByLabel('Reason').fill('decommissioned next week');
  await page.screenshot({ path: join(ARTIFACTS, 'ui-bulk-waive-1280.png'), fullPage: true });
  await bar.getByRole('button', { name: 'Waive 2' }).click();
  await page.getByText('Waived 2 findings.').waitFor();
  await waitForCount('new findings after the bulk waive', () => rows.count(), 2);
  for (const id of [second, fourth]) assert.equal((await api(`/api/findings/${id}`)).status, 'waived');

  // Every step is in the audit chain.
  const actions = await s.auditActions();
  for (const action of [
    'finding.exception-request',
    'finding.exception-request.approve',
    'finding.exception-request.reject',
    'finding.accept-risk',
    'finding.waive',
  ])
    assert.ok(actions.includes(action), action);

  // Phone width: the approvals page and the list with selection, without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/#/approvals?status=approved`);
  await page.locator('li.request').first().waitFor();
  assert.ok((await scrollWidth(page)) <= 390, `approvals at 390 px: ${await scrollWidth(page)}`);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-approvals-390.png'), fullPage: true });
  await page.goto(`${base}/#/findings?service=checkout&status=new`);
  await rows.first().waitFor();
  await rows.first().locator('input[type="checkbox"]').check();
  await page.getByRole('form', { name: 'Waive selected findings' }).waitFor();
  assert.ok(
    (await scrollWidth(page)) <= 390,
    `findings with the bulk bar at 390 px: ${await scrollWidth(page)}`,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'ui-bulk-waive-390.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
});

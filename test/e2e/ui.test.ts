/**
 * End-to-end: the built web UI served by a real, listening server, driven by Debian Chromium.
 * Sign in, list and page findings, filter, open one, waive it, see it waived (docs/ui.md).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { CatalogRepository } from '../../src/store/repositories/catalog-repository.ts';
import { manyFindings, report } from '../fixtures/posture/reports.ts';
import {
  ADMIN,
  ARTIFACTS,
  bootstrapAdmin,
  chromiumMissing,
  launchBrowser,
  startUiServer,
} from './support.ts';

test('web UI: sign in, page and filter findings, waive one and see it waived', {
  skip: chromiumMissing,
  timeout: 180_000,
}, async (t) => {
  const { s, base } = await startUiServer(t);

  await bootstrapAdmin(s, base);

  // A service with an uploaded scan: 30 findings, so the list has two pages of 25.
  const team = await s.createTeam('payments');
  await new CatalogRepository(s.store).createService({ name: 'checkout', ownerTeamId: team });
  const ci = await s.caller('ci@example.com', [{ role: 'security', teamId: null }]);
  const upload = await fetch(`${base}/api/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: ci.bearer },
    body: JSON.stringify({ service: 'checkout', commit: 'abc', report: report(manyFindings(30)) }),
  });
  assert.equal(upload.status, 201, await upload.clone().text());

  const { page, pageErrors } = await launchBrowser(t);

  // The dashboard is the default route; this test starts on the findings list.
  await page.goto(`${base}/#/findings`);
  // A wrong password shows the server's message and stays on the sign-in form.
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const rows = page.locator('table.findings tbody tr');
  await page.getByRole('heading', { name: 'Findings', exact: true, level: 1 }).waitFor();
  await rows.first().waitFor();
  assert.equal(await rows.count(), 25, 'first page holds 25 findings');
  await page.screenshot({ path: join(ARTIFACTS, 'ui-findings-1280.png'), fullPage: true });

  // The API cursor drives "Next"; the second page holds the other 5.
  const firstId = await rows.first().getAttribute('data-finding-id');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Page 2').waitFor();
  await rowCount(page, 5);
  assert.notEqual(await rows.first().getAttribute('data-finding-id'), firstId);
  await page.getByRole('button', { name: 'Previous' }).click();
  await page.getByText('Page 1').waitFor();

  // Filter to critical: manyFindings puts every 4th finding on the critical rule (8 of 30).
  await page.getByLabel('Severity').selectOption('critical');
  await rowCount(page, 8);
  for (const text of await rows.locator('.badge[class*="sev-"]').allTextContents())
    assert.equal(text, 'critical');

  // Open one, read why/fix/references/frameworks, waive it.
  const id = await rows.first().getAttribute('data-finding-id');
  assert.ok(id);
  await rows.first().locator('a').click();
  await page.getByRole('heading', { name: 'How to fix' }).waitFor();
  await page.getByText('fix it like this').waitFor();
  await page.getByText('because it matters').waitFor();
  await page.getByRole('link', { name: 'https://example.com/ref' }).waitFor();
  await page.getByText('cis-kubernetes').waitFor();
  await page.getByLabel('Reason').fill('compensating network policy in front of it');
  await page.getByRole('button', { name: 'Waive' }).click();
  await page.getByText(/Waived by admin@example.com until/).waitFor();
  assert.equal(await page.locator('.meta .badge.st-waived').textContent(), 'waived');
  assert.equal(await page.getByRole('button', { name: 'Waive' }).count(), 0, 'no waive form once waived');
  await page.screenshot({ path: join(ARTIFACTS, 'ui-finding-waived-1280.png'), fullPage: true });

  // The server agrees, and the waiver is in the audit chain.
  const stored = await s.app.inject({ url: `/api/findings/${id}`, headers: { authorization: ci.bearer } });
  assert.equal(stored.json().status, 'waived');
  assert.equal(stored.json().exceptions[0].reason, 'compensating network policy in front of it');
  assert.ok((await s.auditActions()).includes('finding.waive'));

  // Back in the list, the waived filter shows exactly that finding; at phone width too.
  await page.getByRole('link', { name: '← All findings' }).click();
  await page.getByLabel('Status').selectOption('waived');
  await rowCount(page, 1);
  assert.equal(await rows.first().getAttribute('data-finding-id'), id);
  await page.setViewportSize({ width: 390, height: 844 });
  // Typed locally: this Node-side file has no DOM lib.
  type Doc = { document: { documentElement: { scrollWidth: number } } };
  const width = await page.evaluate(
    () => (globalThis as unknown as Doc).document.documentElement.scrollWidth,
  );
  assert.ok(width <= 390, `no horizontal scrolling at phone width (page is ${width} px wide)`);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-findings-phone.png'), fullPage: true });

  assert.deepEqual(pageErrors, [], 'no script errors in the page');
});

/**
 * Waits until the findings table shows exactly `n` rows. Polled from Node: the UI's CSP forbids
 * eval, so string predicates cannot run in the page.
 */
async function rowCount(page: Page, n: number): Promise<void> {
  const rows = page.locator('table.findings tbody tr');
  const deadline = Date.now() + 15_000;
  for (let count = await rows.count(); count !== n; count = await rows.count()) {
    if (Date.now() > deadline) assert.fail(`expected ${n} finding rows, saw ${count}`);
    await delay(50);
  }
}

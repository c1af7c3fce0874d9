/**
 * End-to-end: the catalog pages (docs/ui.md, docs/catalog.md) in Debian Chromium against a real,
 * listening server, at 1280 px and at a 390 px phone width: browse teams (members with per-team
 * roles, services), open a service, edit it and see the change through the API, and import a
 * Backstage file whose report names file:line per entity. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ARTIFACTS,
  apiClient,
  bootstrapAdmin,
  chromiumMissing,
  launchBrowser,
  scrollWidth,
  signIn,
  startUiServer,
  waitForCount,
} from './support.ts';

const FIXTURE = readFileSync(new URL('../fixtures/catalog/catalog-info.yaml', import.meta.url), 'utf8');

// Pasted into the import page: one good Group, one Component whose owner does not exist (line 9).
const PASTED = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: platform
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ghost-service
spec:
  owner: group:nobody-here
`;

for (const width of [1280, 390]) {
  test(`web UI catalog at ${width} px: teams, members, services, edit a service, Backstage import`, {
    skip: chromiumMissing,
    timeout: 240_000,
  }, async (t) => {
    const { s, base } = await startUiServer(t);
    await bootstrapAdmin(s, base);
    const admin = await s.caller('seed@example.com', [{ role: 'admin', teamId: null }]);
    const api = apiClient(base, admin.bearer);
    // The fixture catalog (payments, search, ann, shop, checkout, search-api), and an architect
    // serving both teams.
    await api('POST', '/api/catalog/import?file=catalog-info.yaml', FIXTURE, 'application/yaml');
    await api('POST', '/api/people', { email: 'bea@example.com', displayName: 'Bea Architect' });
    for (const team of ['payments', 'search'])
      await api('PUT', `/api/people/bea@example.com/teams/${team}/roles`, { roles: ['architect'] });

    const { page, pageErrors } = await launchBrowser(t, width, width < 700 ? 844 : 900);
    await signIn(page, `${base}/#/catalog`);
    const shot = (name: string) =>
      page.screenshot({ path: join(ARTIFACTS, `catalog-${name}-${width}.png`), fullPage: true });

    // Teams: both listed with their service counts; payments shows members and services.
    await page.getByRole('link', { name: 'Catalog', exact: true }).waitFor();
    const teamRows = page.locator('table[aria-label="Teams"] tbody tr');
    await waitForCount('team rows', () => teamRows.count(), 2);
    assert.deepEqual(await teamRows.locator('td[data-label="Name"]').allTextContents(), [
      'payments',
      'search',
    ]);
    assert.equal(await page.locator('tr[data-team="payments"] td[data-label="Services"]').textContent(), '1');
    await shot('teams');
    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByRole('heading', { name: 'Payments' }).waitFor();
    const members = page.locator('table[aria-label="Members"] tbody tr');
    await waitForCount('members', () => members.count(), 2);
    const bea = members.filter({ hasText: 'bea@example.com' });
    assert.equal(await bea.locator('td[data-label="Roles in this team"]').textContent(), 'architect');
    assert.equal(await bea.locator('td[data-label="Also serves"]').textContent(), 'search');
    assert.equal(
      await members
        .filter({ hasText: 'ann@example.com' })
        .locator('td[data-label="Roles in this team"]')
        .textContent(),
      'developer',
    );
    await page
      .getByRole('list', { name: 'Services of the team' })
      .getByRole('link', { name: 'checkout' })
      .waitFor();
    // Set Ann's role in payments from developer to architect on the page; search stays as it was.
    const roleForm = page.getByRole('form', { name: 'Set a role in this team' });
    await roleForm.getByLabel('Person').selectOption({ label: 'Ann Architect (ann@example.com)' });
    await roleForm.getByLabel('Role').selectOption('architect');
    await roleForm.getByRole('button', { name: 'Set role' }).click();
    const annRoles = members
      .filter({ hasText: 'ann@example.com' })
      .locator('td[data-label="Roles in this team"]');
    await waitForCount(
      'architect rows for Ann',
      async () => ((await annRoles.textContent()) === 'architect' ? 1 : 0),
      1,
    );
    const ann = (await api('GET', '/api/people')) as unknown as {
      email: string;
      grants: { role: string }[];
    }[];
    assert.deepEqual(
      ann
        .find((p) => p.email === 'ann@example.com')
        ?.grants.map((g) => g.role)
        .sort(),
      ['architect', 'developer'],
    );
    await shot('team');

    // Services: the list, then checkout's fields, its findings link and an edit.
    await page.getByRole('navigation', { name: 'Catalog' }).getByRole('link', { name: 'Services' }).click();
    const serviceRows = page.locator('table[aria-label="Services"] tbody tr');
    await waitForCount('service rows', () => serviceRows.count(), 2);
    assert.equal(
      await page.locator('tr[data-service="checkout"] td[data-label="System"]').textContent(),
      'shop',
    );
    assert.equal(
      await page.locator('tr[data-service="checkout"] td[data-label="Lifecycle"]').textContent(),
      'production',
    );
    await shot('services');
    await page.getByRole('link', { name: 'checkout', exact: true }).click();
    await page.getByRole('heading', { name: 'checkout' }).waitFor();
    assert.equal(await page.locator('dd[data-field="tier"]').textContent(), 'critical');
    assert.equal(
      await page.getByRole('link', { name: 'Findings of checkout' }).getAttribute('href'),
      '#/findings?service=checkout',
    );
    const form = page.getByRole('form', { name: 'Save service' });
    await form.getByLabel('Tier').selectOption('high');
    await form.getByLabel('Lifecycle').fill('deprecated');
    await form.getByRole('button', { name: 'Save service' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.equal(await page.locator('dd[data-field="tier"]').textContent(), 'high');
    const saved = (await api('GET', '/api/services/checkout')) as {
      tier: string;
      lifecycle: string;
      repository: string;
    };
    assert.deepEqual(
      [saved.tier, saved.lifecycle, saved.repository],
      ['high', 'deprecated', 'https://github.com/acme/checkout'],
    );
    await shot('service');

    // People: Bea's roles in two teams.
    await page.getByRole('navigation', { name: 'Catalog' }).getByRole('link', { name: 'People' }).click();
    const beaRow = page.locator('tr[data-person="bea@example.com"]');
    await beaRow.waitFor();
    assert.deepEqual(await beaRow.locator('.grant-list li').allTextContents(), [
      'architect in payments',
      'architect in search',
    ]);

    // Import: pasted YAML; the report names the file and line of each entity.
    await page.getByRole('navigation', { name: 'Catalog' }).getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('Paste YAML').fill(PASTED);
    await page.getByRole('button', { name: 'Import' }).click();
    const counts = page.getByTestId('import-counts');
    await counts.waitFor();
    assert.equal(await counts.textContent(), '1 created, 0 updated, 0 unchanged, 0 skipped, 1 error');
    const ghost = page.locator('table[aria-label="Import report"] tr', { hasText: 'ghost-service' });
    assert.equal(await ghost.locator('td[data-label="Where"]').textContent(), 'catalog-info.yaml:9');
    assert.match(
      (await ghost.locator('td[data-label="Outcome"]').textContent()) ?? '',
      /owner team nobody-here not found/,
    );
    await shot('import');
    assert.ok((await api('GET', '/api/teams/platform')) !== undefined);

    assert.ok((await scrollWidth(page)) <= width, 'no horizontal scrolling');
    assert.deepEqual(pageErrors, []);
  });
}

test('web UI catalog as a payments developer: only payments, no edit controls, other teams refused', {
  skip: chromiumMissing,
  timeout: 240_000,
}, async (t) => {
  const { s, base } = await startUiServer(t);
  const admin = await s.caller('seed@example.com', [{ role: 'admin', teamId: null }]);
  const imported = await fetch(`${base}/api/catalog/import`, {
    method: 'POST',
    headers: { authorization: admin.bearer, 'content-type': 'application/yaml' },
    body: FIXTURE,
  });
  assert.equal(imported.status, 200);
  const payments = (await (
    await fetch(`${base}/api/teams/payments`, { headers: { authorization: admin.bearer } })
  ).json()) as { id: string };
  const dev = await s.caller('dev@example.com', [{ role: 'developer', teamId: payments.id }]);
  await s.accounts.setPassword(dev.person.id, 'a developer password');

  const { page, pageErrors } = await launchBrowser(t, 1280, 900);
  await page.goto(`${base}/#/catalog`);
  await page.getByLabel('Email').fill('dev@example.com');
  await page.getByLabel('Password').fill('a developer password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const teamRows = page.locator('table[aria-label="Teams"] tbody tr');
  await waitForCount('team rows', () => teamRows.count(), 1);
  assert.deepEqual(await teamRows.locator('td[data-label="Name"]').allTextContents(), ['payments']);
  assert.equal(await page.getByRole('form', { name: 'New team' }).count(), 0, 'no create form');
  await page.goto(`${base}/#/catalog/services`);
  const serviceRows = page.locator('table[aria-label="Services"] tbody tr');
  await waitForCount('service rows', () => serviceRows.count(), 1);
  assert.equal(await page.getByRole('form', { name: 'Create service' }).count(), 0);
  await page.getByRole('link', { name: 'checkout', exact: true }).click();
  await page.locator('dd[data-field="tier"]').waitFor();
  assert.equal(await page.getByRole('form', { name: 'Save service' }).count(), 0, 'no edit form');
  await page.goto(`${base}/#/catalog/services/search-api`);
  // Another team's service answers like a missing one (service names cannot be probed).
  await page.getByRole('alert').filter({ hasText: 'service search-api not found' }).waitFor();
  await page.goto(`${base}/#/catalog/import`);
  await page.getByText('Importing needs a role that writes the catalog').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'catalog-developer-1280.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
});

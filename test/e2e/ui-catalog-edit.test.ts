/**
 * End-to-end: creating and editing systems and people in the catalog UI (docs/ui.md,
 * docs/catalog.md), in Debian Chromium against a real, listening server, at 1280 px and at a
 * 390 px phone width. Every change made on the page is checked through the API.
 */
import assert from 'node:assert/strict';
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

for (const width of [1280, 390]) {
  test(`web UI catalog at ${width} px: create and edit a system and a person (names, team, roles)`, {
    skip: chromiumMissing,
    timeout: 240_000,
  }, async (t) => {
    const { s, base } = await startUiServer(t);
    await bootstrapAdmin(s, base);
    const admin = await s.caller('seed@example.com', [{ role: 'admin', teamId: null }]);
    const api = apiClient(base, admin.bearer);
    const payments = (
      await api<{ id: string }>('POST', '/api/teams', { name: 'payments', displayName: 'Payments' })
    ).id;
    const search = (
      await api<{ id: string }>('POST', '/api/teams', { name: 'search', displayName: 'Search' })
    ).id;

    const { page, pageErrors } = await launchBrowser(t, width, width < 700 ? 844 : 900);
    await signIn(page, `${base}/#/catalog/systems`);
    const shot = (name: string) =>
      page.screenshot({ path: join(ARTIFACTS, `catalog-edit-${name}-${width}.png`), fullPage: true });

    // Systems: create one owned by payments, then rename it and move it to search.
    await page.getByText('No systems yet').waitFor();
    const create = page.getByRole('form', { name: 'Create system' });
    await create.getByLabel('Name', { exact: true }).fill('shop');
    await create.getByLabel('Display name').fill('Shop');
    await create.getByLabel('Owner team').selectOption({ label: 'Payments' });
    await create.getByRole('button', { name: 'Create system' }).click();
    const row = page.locator('tr[data-system="shop"]');
    await row.waitFor();
    assert.equal(await row.locator('td[data-label="Owner team"]').textContent(), 'payments');
    assert.deepEqual(
      await api<{ displayName: string; ownerTeamId: string }>('GET', '/api/systems/shop').then((x) => [
        x.displayName,
        x.ownerTeamId,
      ]),
      ['Shop', payments],
    );
    await row.getByText('Edit', { exact: true }).click();
    const edit = page.getByRole('form', { name: 'Save system shop' });
    await edit.getByLabel('Display name').fill('Web shop');
    await edit.getByLabel('Owner team').selectOption({ label: 'Search' });
    await edit.getByRole('button', { name: 'Save system shop' }).click();
    await waitForCount(
      'systems owned by search',
      async () => ((await row.locator('td[data-label="Owner team"]').textContent()) === 'search' ? 1 : 0),
      1,
    );
    assert.equal(await row.locator('td[data-label="System"]').textContent(), 'Web shop');
    const saved = await api<{ displayName: string; ownerTeamId: string }>('GET', '/api/systems/shop');
    assert.deepEqual([saved.displayName, saved.ownerTeamId], ['Web shop', search]);
    await shot('systems');

    // People: create Cara as a payments developer, rename her, then give her a role in search.
    await page.getByRole('navigation', { name: 'Catalog' }).getByRole('link', { name: 'People' }).click();
    const newPerson = page.getByRole('form', { name: 'New person' });
    await newPerson.getByLabel('Email', { exact: true }).fill('cara@example.com');
    await newPerson.getByLabel('Display name').fill('Cara');
    await newPerson.getByLabel('Team').selectOption({ label: 'Payments' });
    await newPerson.getByLabel('Role').selectOption('developer');
    await newPerson.getByRole('button', { name: 'Create person' }).click();
    const cara = page.locator('tr[data-person="cara@example.com"]');
    await cara.waitFor();
    assert.deepEqual(await cara.locator('.grant-list li').allTextContents(), ['developer in payments']);

    type Person = { email: string; displayName: string; grants: { role: string; teamId: string | null }[] };
    const person = async (email: string) =>
      (await api<Person[]>('GET', '/api/people')).find((p) => p.email === email);
    await cara.getByText('Edit', { exact: true }).click();
    const editPerson = page.getByRole('form', { name: 'Edit cara@example.com' });
    await editPerson.getByLabel('Display name').fill('Cara Dev');
    await editPerson.getByRole('button', { name: 'Save person' }).click();
    await waitForCount(
      'renamed people',
      async () => ((await person('cara@example.com'))?.displayName === 'Cara Dev' ? 1 : 0),
      1,
    );
    await page.locator('tr[data-person="cara@example.com"]', { hasText: 'Cara Dev' }).waitFor();

    const caraRow = page.locator('tr[data-person="cara@example.com"]');
    // The row's Edit panel stays open across the reload; open it only if it closed.
    if ((await caraRow.locator('details').getAttribute('open')) === null)
      await caraRow.getByText('Edit', { exact: true }).click();
    const roleForm = page.getByRole('form', { name: 'Team role of cara@example.com' });
    await roleForm.locator('select[name="team"]').selectOption({ label: 'Search' });
    await roleForm.locator('select[name="role"]').selectOption('architect');
    await roleForm.getByRole('button', { name: 'Set team role' }).click();
    await waitForCount(
      "Cara's team roles",
      async () => (await caraRow.locator('.grant-list li').allTextContents()).length,
      2,
    );
    const grants = (await person('cara@example.com'))?.grants.map((g) => `${g.role}@${g.teamId}`).sort();
    assert.deepEqual(grants, [`architect@${search}`, `developer@${payments}`]);
    await shot('people');

    // Every change is in the audit log, attributed to the signed-in admin.
    const audit = await api<{ items: { action: string }[] }>('GET', '/api/audit?action=catalog.*&limit=50');
    for (const action of [
      'catalog.system.create',
      'catalog.system.update',
      'catalog.person.create',
      'catalog.person.update',
      'catalog.person.team-roles',
    ])
      assert.ok(
        audit.items.some((e) => e.action === action),
        action,
      );

    assert.ok((await scrollWidth(page)) <= width, 'no horizontal scrolling');
    assert.deepEqual(pageErrors, []);
  });
}

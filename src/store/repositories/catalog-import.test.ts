import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { AuditLog } from '../../audit/audit-log.ts';
import { generateSigner } from '../../audit/signing-key.ts';
import { importBackstage } from '../../catalog/backstage-import.ts';
import { parseBackstage } from '../../catalog/backstage-parse.ts';
import { CatalogManager } from '../../catalog/catalog-service.ts';
import { TEST_DIALECTS, testDatabase } from '../testing/test-stores.ts';
import { StoreAuditRepository } from './audit-repository.ts';
import { StoreCatalogRepository } from './catalog-store.ts';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'catalog');
const file = (name: string) => ({ name, text: readFileSync(join(fixtures, name), 'utf8') });

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: Backstage import creates, then re-import is unchanged; errors carry file:line`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const catalog = new CatalogManager(
      new StoreCatalogRepository(store),
      new AuditLog(new StoreAuditRepository(store), generateSigner()),
    );
    const first = await importBackstage(catalog, 'person:imp', [file('catalog-info.yaml')]);
    const row = (kind: string, name: string) => first.entries.find((e) => e.kind === kind && e.name === name);
    assert.equal(row('Group', 'payments')?.outcome, 'created');
    assert.equal(row('User', 'ann')?.outcome, 'created');
    assert.equal(row('Component', 'checkout')?.outcome, 'created');
    assert.equal(row('Component', 'checkout')?.system, 'shop');
    assert.deepEqual(row('Component', 'orphan'), {
      kind: 'Component',
      name: 'orphan',
      file: 'catalog-info.yaml',
      line: 72,
      outcome: 'error',
      message: 'owner team nobody not found',
    });
    assert.equal(row('User', 'nomail')?.line, 33);
    assert.match(row('User', 'nomail')?.message ?? '', /spec\.profile\.email/);
    assert.equal(row('API', 'checkout-api')?.outcome, 'skipped');
    assert.equal(row('System', 'shop')?.outcome, 'created');
    assert.equal(row('System', 'shop')?.line, 40);
    assert.deepEqual(first.counts, { created: 6, updated: 0, unchanged: 0, skipped: 1, error: 2 });
    const shop = await catalog.system('shop');
    assert.equal(shop.ownerTeamId, (await catalog.team('payments')).id);

    const checkout = await catalog.service('checkout');
    assert.equal(checkout.tier, 'critical');
    assert.equal(checkout.dataClassification, 'confidential');
    assert.equal(checkout.repository, 'https://github.com/acme/checkout');
    assert.equal(checkout.systemId, shop.id);
    assert.equal(checkout.lifecycle, 'production');
    assert.equal(checkout.type, 'service');
    assert.equal((await catalog.service('search-api')).lifecycle, 'experimental');
    assert.equal((await catalog.service('search-api')).systemId, null);
    assert.equal((await catalog.service('search-api')).tier, 'high');
    // Ann: member of search (memberOf) and payments (Group members) → developer in both.
    const ann = await catalog.person('ann@example.com');
    assert.equal(ann.displayName, 'Ann Architect');
    assert.deepEqual(
      ann.grants.map((g) => g.role),
      ['developer', 'developer'],
    );

    const again = await importBackstage(catalog, 'person:imp', [file('catalog-info.yaml')]);
    assert.deepEqual(again.counts, { created: 0, updated: 0, unchanged: 6, skipped: 1, error: 2 });

    const edited = file('catalog-info.yaml');
    const changed = await importBackstage(catalog, 'person:imp', [
      {
        name: edited.name,
        text: edited.text.replace('rampart.dev/tier: critical', 'rampart.dev/tier: medium'),
      },
    ]);
    assert.equal(changed.entries.find((e) => e.name === 'checkout')?.outcome, 'updated');
    assert.equal((await catalog.service('checkout')).tier, 'medium');

    // A Component naming a System that exists nowhere: an error on that entity, with a hint.
    const unknownSystem = await importBackstage(catalog, 'person:imp', [
      {
        name: 'more.yaml',
        text: 'kind: Component\nmetadata:\n  name: cart\nspec:\n  owner: payments\n  system: nowhere\n',
      },
    ]);
    assert.deepEqual(unknownSystem.entries, [
      {
        kind: 'Component',
        name: 'cart',
        file: 'more.yaml',
        line: 3,
        outcome: 'error',
        message: 'system nowhere not found',
        system: 'nowhere',
      },
    ]);
  });

  test(`${dialect}: systems — create, rename, owner, services join and leave; delete keeps the services`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const store = await database.open();
    const audit = new StoreAuditRepository(store);
    const catalog = new CatalogManager(
      new StoreCatalogRepository(store),
      new AuditLog(audit, generateSigner()),
    );
    const team = await catalog.createTeam('person:a', { name: 'payments' });
    const shop = await catalog.createSystem('person:a', { name: 'shop', owner: 'payments' });
    assert.deepEqual([shop.displayName, shop.ownerTeamId], ['shop', team.id]);
    await assert.rejects(catalog.createSystem('person:a', { name: 'shop' }), /system shop already exists/);
    await assert.rejects(catalog.createSystem('person:a', { name: 'x y' }), /name must be 1–100/);
    const svc = await catalog.createService('person:a', {
      name: 'checkout',
      owner: 'payments',
      system: 'shop',
      lifecycle: 'production',
      type: 'service',
    });
    assert.deepEqual([svc.systemId, svc.lifecycle, svc.type], [shop.id, 'production', 'service']);
    await assert.rejects(
      catalog.updateService('person:a', 'checkout', { lifecycle: 'Not A Word' }),
      /lifecycle must be 1–50 lower-case/,
    );
    await assert.rejects(
      catalog.updateService('person:a', 'checkout', { system: 'nope' }),
      /system nope not found/,
    );
    const renamed = await catalog.updateSystem('person:a', 'shop', { name: 'store', owner: null });
    assert.deepEqual(
      [renamed.outcome, renamed.value.name, renamed.value.ownerTeamId],
      ['updated', 'store', null],
    );
    assert.equal((await catalog.updateSystem('person:a', 'store', { name: 'store' })).outcome, 'unchanged');
    assert.deepEqual(
      (await catalog.listSystems()).map((x) => x.name),
      ['store'],
    );
    await catalog.deleteSystem('person:a', 'store');
    const after = await catalog.service('checkout');
    assert.deepEqual([after.systemId, after.lifecycle], [null, 'production']);
    const cleared = await catalog.updateService('person:a', 'checkout', { lifecycle: null, type: null });
    assert.deepEqual([cleared.value.lifecycle, cleared.value.type], [null, null]);
    const actions = (await audit.listEntries(0, 100))
      .map((e) => e.action)
      .filter((a) => a.includes('system'));
    assert.deepEqual(actions, ['catalog.system.create', 'catalog.system.update', 'catalog.system.delete']);
  });
}

test('parse: broken YAML, non-mapping documents and bad values are per-entity problems, not crashes', () => {
  const { entities, problems } = parseBackstage('broken.yaml', file('broken.yaml').text);
  assert.deepEqual(
    entities.map((e) => e.name),
    ['platform'],
  );
  assert.equal(problems.length, 2);
  assert.equal(problems[0]?.at.file, 'broken.yaml');
  assert.match(problems[0]?.message ?? '', /YAML error/);
  assert.ok((problems[0]?.at.line ?? 0) >= 5);
  assert.deepEqual(problems[1], {
    at: { file: 'broken.yaml', line: 10 },
    message: 'document is not a mapping (expected a Backstage entity)',
  });
});

test('parse: never throws on arbitrary text (fuzz)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      const r = parseBackstage('f.yaml', text);
      for (const p of r.problems) assert.ok(p.at.line >= 1);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.anything(), (value) => {
      parseBackstage(
        'f.yaml',
        `kind: Component\nmetadata: ${JSON.stringify(value) ?? 'null'}\nspec: ${JSON.stringify(value) ?? 'null'}`,
      );
    }),
    { numRuns: 200 },
  );
});

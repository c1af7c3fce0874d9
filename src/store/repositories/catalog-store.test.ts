import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditLog } from '../../audit/audit-log.ts';
import { generateSigner } from '../../audit/signing-key.ts';
import { CatalogManager } from '../../catalog/catalog-service.ts';
import { TEST_DIALECTS, testDatabase } from '../testing/test-stores.ts';
import { StoreAuditRepository } from './audit-repository.ts';
import { StoreCatalogRepository } from './catalog-store.ts';

async function setup(t: import('node:test').TestContext, dialect: (typeof TEST_DIALECTS)[number]) {
  const database = await testDatabase(t, dialect);
  if (!database) return undefined;
  const store = await database.open();
  const audit = new StoreAuditRepository(store);
  const catalog = new CatalogManager(
    new StoreCatalogRepository(store),
    new AuditLog(audit, generateSigner()),
  );
  const actions = async () => (await audit.listEntries(0, 1000)).map((e) => `${e.action} ${e.actor}`);
  return { catalog, actions };
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: teams and services — create, update, get by name, delete; every change audited`, async (t) => {
    const s = await setup(t, dialect);
    if (!s) return;
    const { catalog } = s;
    const payments = await catalog.createTeam('person:a', { name: 'payments', displayName: 'Payments' });
    const svc = await catalog.createService('person:a', {
      name: 'checkout',
      owner: 'payments',
      tier: 'critical',
      dataClassification: 'confidential',
      repository: 'https://github.com/acme/checkout',
    });
    assert.equal(svc.ownerTeamId, payments.id);
    assert.equal((await catalog.service('checkout')).id, svc.id);
    assert.equal((await catalog.service(svc.id)).tier, 'critical');
    assert.deepEqual(
      (await catalog.listServices({ team: 'payments' })).map((x) => x.name),
      ['checkout'],
    );

    const same = await catalog.updateService('person:a', 'checkout', { tier: 'critical' });
    assert.equal(same.outcome, 'unchanged');
    const moved = await catalog.updateService('person:a', 'checkout', { tier: 'low', repository: null });
    assert.equal(moved.outcome, 'updated');
    assert.equal(moved.value.tier, 'low');
    assert.equal((await catalog.service('checkout')).repository, null);

    await assert.rejects(catalog.deleteTeam('person:a', 'payments'), {
      reason: 'conflict',
      message: /owns 1 service/,
    });
    await catalog.deleteService('person:a', 'checkout');
    await catalog.deleteTeam('person:a', 'payments');
    await assert.rejects(catalog.team('payments'), { reason: 'not-found' });
    assert.deepEqual(await s.actions(), [
      'catalog.team.create person:a',
      'catalog.service.create person:a',
      'catalog.service.update person:a',
      'catalog.service.delete person:a',
      'catalog.team.delete person:a',
    ]);
  });

  test(`${dialect}: names unique (409), references exist (404), fields validated (400 naming the field)`, async (t) => {
    const s = await setup(t, dialect);
    if (!s) return;
    const { catalog } = s;
    await catalog.createTeam('a', { name: 'payments' });
    await catalog.createTeam('a', { name: 'search' });
    await assert.rejects(catalog.createTeam('a', { name: 'payments' }), { reason: 'conflict' });
    await assert.rejects(catalog.updateTeam('a', 'search', { name: 'payments' }), { reason: 'conflict' });
    await assert.rejects(catalog.createTeam('a', { name: 'bad name' }), { reason: 'invalid', field: 'name' });
    await assert.rejects(catalog.createService('a', { name: 'x', owner: 'nope' }), {
      reason: 'not-found',
      field: 'owner',
      hint: /POST \/api\/teams/,
    });
    await assert.rejects(catalog.createService('a', { name: 'x', owner: 'payments', tier: 'gold' }), {
      reason: 'invalid',
      field: 'tier',
    });
    await assert.rejects(
      catalog.createService('a', { name: 'x', owner: 'payments', repository: 'javascript:alert(1)' }),
      { reason: 'invalid', field: 'repository' },
    );
    await catalog.createService('a', { name: 'x', owner: 'payments' });
    await assert.rejects(catalog.createService('a', { name: 'x', owner: 'search' }), { reason: 'conflict' });
    await assert.rejects(catalog.updateService('a', 'missing', {}), { reason: 'not-found' });
  });

  test(`${dialect}: people with roles in several teams; team roles change without touching others`, async (t) => {
    const s = await setup(t, dialect);
    if (!s) return;
    const { catalog } = s;
    const payments = await catalog.createTeam('a', { name: 'payments' });
    const search = await catalog.createTeam('a', { name: 'search' });
    const ann = await catalog.createPerson('a', { email: 'Ann@Example.com', displayName: 'Ann' }, [
      { role: 'architect', teamId: 'payments' },
      { role: 'viewer', teamId: null },
    ]);
    assert.equal(ann.email, 'ann@example.com');
    assert.deepEqual(ann.grants.map((g) => `${g.role}@${g.teamId}`).sort(), [
      `architect@${payments.id}`,
      'viewer@null',
    ]);
    const r = await catalog.setTeamRoles('a', 'ann@example.com', 'search', ['architect']);
    assert.equal(r.outcome, 'updated');
    assert.deepEqual(
      r.value.grants.map((g) => `${g.role}@${g.teamId}`).sort(),
      [`architect@${payments.id}`, `architect@${search.id}`, 'viewer@null'].sort(),
    );
    assert.equal((await catalog.setTeamRoles('a', ann.id, 'search', ['architect'])).outcome, 'unchanged');
    await assert.rejects(catalog.setTeamRoles('a', ann.id, 'search', ['wizard']), { field: 'roles[0]' });
    await assert.rejects(catalog.createPerson('a', { email: 'ann@example.com' }), { reason: 'conflict' });
    await assert.rejects(catalog.createPerson('a', { email: 'not-an-email' }), { field: 'email' });
    await assert.rejects(
      catalog.createPerson('a', { email: 'b@x.io' }, [{ role: 'viewer', teamId: 'ghost' }]),
      {
        reason: 'not-found',
      },
    );
    assert.equal(
      (await catalog.updatePerson('a', ann.id, { displayName: 'Ann B' })).value.displayName,
      'Ann B',
    );
    await catalog.deletePerson('a', ann.id);
    await assert.rejects(catalog.person(ann.id), { reason: 'not-found' });
    const actions = await s.actions();
    assert.ok(actions.includes('catalog.person.team-roles a'));
    assert.ok(actions.includes('catalog.person.delete a'));
  });
}

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: services narrowed to one system, with and without the owner teams`, async (t) => {
    const s = await setup(t, dialect);
    if (!s) return;
    const { catalog } = s;
    const payments = await catalog.createTeam('person:a', { name: 'payments', displayName: 'Payments' });
    const search = await catalog.createTeam('person:a', { name: 'search', displayName: 'Search' });
    const shop = await catalog.createSystem('person:a', { name: 'shop' });
    await catalog.createSystem('person:a', { name: 'other' });
    for (const [name, owner, system] of [
      ['checkout', 'payments', 'shop'],
      ['refunds', 'payments', 'other'],
      ['index', 'search', 'shop'],
      ['ledger', 'payments', undefined],
    ] as const)
      await catalog.createService('person:a', { name, owner, ...(system ? { system } : {}) });
    const names = async (filter: Parameters<CatalogManager['listServices']>[0]) =>
      (await catalog.listServices(filter)).map((x) => x.name);
    assert.deepEqual(await names({ systemId: shop.id }), ['checkout', 'index']);
    assert.deepEqual(await names({ systemId: shop.id, teamIds: [payments.id] }), ['checkout']);
    assert.deepEqual(await names({ systemId: shop.id, team: 'search' }), ['index']);
    assert.deepEqual(await names({ systemId: shop.id, teamIds: [] }), []);
    assert.deepEqual(await names({ teamIds: [payments.id, search.id] }), [
      'checkout',
      'index',
      'ledger',
      'refunds',
    ]);
  });
}

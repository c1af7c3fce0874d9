import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_DIALECTS, testDatabase } from '../testing/test-stores.ts';
import { CatalogRepository } from './catalog-repository.ts';

for (const dialect of TEST_DIALECTS) {
  test(`${dialect}: teams and services — create, find, list, conflicts and missing owners`, async (t) => {
    const database = await testDatabase(t, dialect);
    if (!database) return;
    const catalog = new CatalogRepository(await database.open(), () => new Date('2026-02-03T04:05:06.000Z'));
    const payments = await catalog.createTeam('payments', 'Payments');
    const identity = await catalog.createTeam('identity');
    assert.equal(payments.createdAt, '2026-02-03T04:05:06.000Z');
    assert.deepEqual(await catalog.teamByName('payments'), payments);
    assert.equal(await catalog.teamByName('nobody'), undefined);
    assert.deepEqual(
      (await catalog.listTeams()).map((team) => team.name),
      ['identity', 'payments'],
    );
    await assert.rejects(catalog.createTeam('payments'), {
      code: 'E_STORE',
      reason: 'conflict',
      message: 'team payments already exists',
    });

    const api = await catalog.createService({
      name: 'checkout-api',
      ownerTeamId: payments.id,
      tier: '1',
      dataClassification: 'pci',
    });
    await catalog.createService({ name: 'login', ownerTeamId: identity.id });
    assert.deepEqual(await catalog.serviceByName('checkout-api'), api);
    assert.equal(api.repository, null);
    assert.deepEqual(
      (await catalog.listServices({ teamId: payments.id })).map((s) => s.name),
      ['checkout-api'],
    );
    assert.equal((await catalog.listServices()).length, 2);
    await assert.rejects(catalog.createService({ name: 'checkout-api', ownerTeamId: identity.id }), {
      reason: 'conflict',
    });
    await assert.rejects(catalog.createService({ name: 'orphan', ownerTeamId: 'no-such-team' }), {
      reason: 'not-found',
      message: /owner team no-such-team does not exist/,
    });
  });
}

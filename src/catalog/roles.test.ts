import assert from 'node:assert/strict';
import { test } from 'node:test';
import { principalCan } from './principal.ts';
import { grantsAllow, PERMISSIONS, ROLE_NAMES, ROLE_PERMISSIONS } from './roles.ts';

test('admin holds every permission; auditor reads everything incl. audit but changes nothing', () => {
  assert.deepEqual([...ROLE_PERMISSIONS.admin], [...PERMISSIONS]);
  const auditor = ROLE_PERMISSIONS.auditor;
  assert.ok(auditor.includes('audit:read'));
  assert.deepEqual(
    auditor.filter((p) => !p.endsWith(':read')),
    [],
  );
  assert.ok(!ROLE_PERMISSIONS.viewer.includes('audit:read'));
  assert.ok(ROLE_PERMISSIONS['risk-owner'].includes('findings:accept-risk'));
  assert.ok(!ROLE_PERMISSIONS.developer.includes('findings:accept-risk'));
  for (const role of ROLE_NAMES) assert.ok(ROLE_PERMISSIONS[role].includes('findings:read'), role);
});

test('team grants reach their own team only; global grants reach every team', () => {
  const team = [{ role: 'architect' as const, teamId: 'payments' }];
  assert.equal(grantsAllow(team, 'catalog:write', 'payments'), true);
  assert.equal(grantsAllow(team, 'catalog:write', 'search'), false);
  assert.equal(grantsAllow(team, 'catalog:write'), false, 'no team given: a global grant is needed');
  const global = [{ role: 'security' as const, teamId: null }];
  assert.equal(grantsAllow(global, 'findings:waive', 'search'), true);
  assert.equal(grantsAllow(global, 'roles:manage'), false);
  assert.equal(grantsAllow([], 'findings:read'), false);
});

test('a token never exceeds its scopes nor its owner', () => {
  const base = { kind: 'token' as const, personId: 'p', email: 'e', displayName: 'd', tokenId: 't' };
  const admin = [{ role: 'admin' as const, teamId: null }];
  assert.equal(
    principalCan({ ...base, grants: admin, scopes: ['findings:upload'] }, 'findings:upload'),
    true,
  );
  assert.equal(principalCan({ ...base, grants: admin, scopes: ['findings:upload'] }, 'roles:manage'), false);
  const viewer = [{ role: 'viewer' as const, teamId: null }];
  assert.equal(principalCan({ ...base, grants: viewer, scopes: [...PERMISSIONS] }, 'findings:upload'), false);
});

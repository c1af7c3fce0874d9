import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oidcConfigFromEnv, parseRoleMap } from './env-config.ts';

test('role maps: pairs (repeatable keys) and JSON', () => {
  assert.deepEqual(parseRoleMap('admins=admin, pay-devs=developer@payments\npay-devs=viewer'), {
    admins: ['admin'],
    'pay-devs': ['developer@payments', 'viewer'],
  });
  assert.deepEqual(parseRoleMap('{"a": "admin", "b": ["viewer", "auditor"]}'), {
    a: 'admin',
    b: ['viewer', 'auditor'],
  });
  assert.deepEqual(parseRoleMap('  '), {});
  assert.throws(() => parseRoleMap('admins'), /RAMPART_OIDC_ROLE_MAP: 'admins' is not group=role/);
  assert.throws(() => parseRoleMap('{"a": 1}'), /value of 'a'/);
  assert.throws(() => parseRoleMap('{oops'), /invalid JSON/);
});

test('OIDC env: off without an issuer, https required except on loopback, redirect URI defaults to the public URL', () => {
  assert.equal(oidcConfigFromEnv({}, 'http://127.0.0.1:7070'), undefined);
  const config = oidcConfigFromEnv(
    {
      RAMPART_OIDC_ISSUER: 'https://idp.example.com/realms/x',
      RAMPART_OIDC_CLIENT_ID: 'rampart',
      RAMPART_OIDC_ROLE_MAP: 'g=admin',
    },
    'https://rampart.example.com',
  );
  assert.equal(config?.redirectUri, 'https://rampart.example.com/api/auth/oidc/callback');
  assert.equal(config?.allowInsecureIssuer, false);
  assert.deepEqual(config?.roleMapping, { g: ['admin'] });
  assert.throws(
    () =>
      oidcConfigFromEnv({ RAMPART_OIDC_ISSUER: 'http://idp.example.com', RAMPART_OIDC_CLIENT_ID: 'c' }, 'x'),
    /must use https/,
  );
  assert.equal(
    oidcConfigFromEnv({ RAMPART_OIDC_ISSUER: 'http://127.0.0.1:9000', RAMPART_OIDC_CLIENT_ID: 'c' }, 'x')
      ?.allowInsecureIssuer,
    true,
  );
});

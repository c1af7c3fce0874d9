import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../core/errors.ts';
import { parseSecretsConfig } from './config/parse.ts';
import { loadSecretsConfig } from './load.ts';
import { SecretScanner } from './scanner.ts';

const DIR = path.resolve(import.meta.dirname, '../../test/fixtures/secrets/composite');
const BUILTIN = path.resolve(import.meta.dirname, '../../rules/secrets');
const scanner = new SecretScanner(loadSecretsConfig(path.join(DIR, 'composite.toml'), BUILTIN));
const ids = (text: string): string[] => scanner.scan(text, { path: 'app/config.py' }).map((m) => m.ruleId);

const ID = 'acme_id_k3j9x0q2m7p1';
const SK = 'acme_sk_Q9vT2rX8bN4mL6cZ1wY5';

test('the primary rule reports only with every required rule nearby; skipReport rules stay silent', () => {
  const region = 'region = "acme-region-eu"';
  assert.deepEqual(ids(`${region}\nclient_id = "${ID}"\nclient_secret = "${SK}"\n`), ['acme-client-id']);
  // The secret two lines above still counts (withinLines is a distance either way).
  assert.deepEqual(ids(`secret = "${SK}"\n\nid = "${ID}"\n${region}`), ['acme-client-id']);
  const found = scanner.scan(`${region}\nid = "${ID}"\nsk = "${SK}"`, { path: 'a.py' });
  assert.equal(found[0]?.line, 2);
  assert.equal(found[0]?.preview.startsWith('acme'), true);
});

test('a required rule too far away, missing, or allowlisted keeps the primary silent', () => {
  const region = 'acme-region-us';
  assert.deepEqual(ids(`id = "${ID}"\n\n\nsecret = "${SK}"\n${region}`), []);
  assert.deepEqual(ids(`id = "${ID}"\nsecret = "${SK}"\n`), []);
  assert.deepEqual(ids(`id = "${ID}"\n${region}\n`), []);
  // The required rule's own allowlist applies: an allowlisted match does not count.
  assert.deepEqual(ids(`id = "${ID}" acme_sk_Q9vT2rX8bexampleZ1wY\n${region}`), []);
  assert.deepEqual(ids(`id = "${ID}" acme_sk_Q9vT2rX8babcdefgZ1wY\n${region}`), ['acme-client-id']);
});

test('withinColumns bounds the column distance; lines are free when only columns are set', () => {
  const key = 'beta_key=0a1b2c3d4e5f6a7b';
  assert.deepEqual(ids(`${key} beta_host=db.internal`).sort(), ['beta-host', 'beta-key']);
  assert.deepEqual(ids(`${key}\nbeta_host=db.internal`).sort(), ['beta-host', 'beta-key']);
  // Same line, host 40 columns away: too far. The host is still reported on its own.
  assert.deepEqual(ids(`${key}${' '.repeat(40)}beta_host=db.internal`), ['beta-host']);
});

test('a required id that names no rule is a ConfigError naming the file and the rule', () => {
  assert.throws(
    () => loadSecretsConfig(path.join(DIR, 'unknown-required.toml'), BUILTIN),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.code === 'E_CONFIG' &&
      /unknown-required\.toml:1/.test(e.file ?? '') &&
      /rule 'primary' requires unknown rule 'no-such-rule'/.test(e.message),
  );
  // Disabling the required rule through [extend] makes it unknown too.
  assert.throws(
    () => loadSecretsConfig(path.join(DIR, 'disabled-required.toml'), BUILTIN),
    /rule 'aws-pair' requires unknown rule 'aws-secret-access-key'/,
  );
});

test('malformed [[rules.required]] entries are reported with file, line and key', () => {
  const bad = (body: string): string => {
    try {
      parseSecretsConfig(`[[rules]]\nid = "a"\nregex = "x"\n${body}`, 'cfg.toml');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.describe();
    }
    return assert.fail('expected a ConfigError');
  };
  assert.match(bad('[[rules.required]]\nwithinLines = 2\n'), /rules\[0\]\.required\[0\]\.id: required/);
  assert.match(bad('[[rules.required]]\nid = "a"\n'), /cannot require itself/);
  assert.match(
    bad('[[rules.required]]\nid = "b"\nwithinLines = -1\n'),
    /withinLines: must be a non-negative integer/,
  );
  assert.match(
    bad('[[rules.required]]\nid = "b"\nwithinColumns = "3"\n'),
    /withinColumns: must be a non-negative integer/,
  );
  assert.match(bad('required = "b"\n'), /required: must be an array of tables/);
  assert.match(bad('skipReport = "yes"\n'), /skipReport: must be true or false/);
  // file:line of the offending table.
  assert.match(bad('[[rules.required]]\nwithinLines = 2\n'), /^cfg\.toml:4\b/);
});

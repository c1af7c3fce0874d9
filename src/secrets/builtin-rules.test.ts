/**
 * Every built-in secret rule (rules/secrets/*.toml) against its fixtures
 * (rules/secrets/fixtures/<rule-id>.yaml): one node:test test per rule.
 * Same checks as `npx tsx scripts/secrets-test.ts`.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadBuiltinSecrets } from './load.ts';
import { SecretScanner } from './scanner.ts';
import { checkRule, runSecretFixtures } from './testing/fixtures.ts';

const DIR = path.resolve(import.meta.dirname, '../../rules/secrets');

test('built-in secret rules load and cover at least 150 credential formats', () => {
  assert.ok(existsSync(DIR), `${DIR} does not exist`);
  const config = loadBuiltinSecrets(DIR);
  assert.ok(config.rules.length >= 150, `only ${config.rules.length} built-in secret rules`);
  const unkeyed = config.rules.filter((r) => r.keywords.length === 0).map((r) => r.id);
  // Rules without keywords run on every file: keep them rare.
  assert.ok(unkeyed.length <= 5, `rules without keywords: ${unkeyed.join(', ')}`);
});

test('keywords are selective: no single characters or short punctuation', () => {
  if (!existsSync(DIR)) return;
  // A keyword like ':' is in nearly every file, so its rule's regex runs everywhere and the tree
  // scan falls under its 25 MiB/s target (bench/secrets-profile.ts shows each rule's cost).
  const weak = loadBuiltinSecrets(DIR).rules.flatMap((r) =>
    r.keywords
      .filter((k) => k.length < 2 || (k.length < 3 && !/[a-z0-9]/.test(k)))
      .map((k) => `${r.id}: '${k}'`),
  );
  assert.deepEqual(weak, []);
});

test('no fixture file without a rule', () => {
  if (!existsSync(DIR)) return;
  assert.deepEqual(runSecretFixtures(DIR).problems, []);
});

if (existsSync(DIR)) {
  let scanner: SecretScanner | undefined;
  let ruleIds: string[] = [];
  try {
    const config = loadBuiltinSecrets(DIR);
    scanner = new SecretScanner(config);
    ruleIds = config.rules.map((r) => r.id);
  } catch {
    // The load test above reports it.
  }
  for (const id of ruleIds) {
    test(`secret rule ${id}`, () => {
      const failures = checkRule(scanner as SecretScanner, id, path.join(DIR, 'fixtures', `${id}.yaml`));
      assert.deepEqual(failures, []);
    });
  }
}

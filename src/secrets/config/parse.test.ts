import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ConfigError, isRampartError } from '../../core/errors.ts';
import { loadSecretsConfig } from '../load.ts';
import { parseSecretsConfig } from './parse.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/secrets');

function errorOf(text: string): ConfigError {
  try {
    parseSecretsConfig(text, 'cfg.toml');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('expected a ConfigError');
}

test('reads every gitleaks key of a realistic team config', () => {
  const config = loadSecretsConfig(path.join(FIXTURES, 'team.gitleaks.toml'), path.join(FIXTURES, 'rules'));
  const ids = config.rules.map((r) => r.id);
  // useDefault brought the built-ins, disabledRules dropped one, own rules were added.
  assert.ok(ids.includes('github-pat'));
  assert.ok(!ids.includes('generic-api-key'));
  assert.ok(ids.includes('acme-internal-token') && ids.includes('acme-db-url'));
  const acme = config.rules.find((r) => r.id === 'acme-internal-token');
  assert.equal(acme?.secretGroup, 1);
  assert.equal(acme?.entropy, 3.2);
  assert.deepEqual(acme?.keywords, ['acme_live_', 'acme_test_']);
  assert.equal(acme?.path, '(?i)\\.(?:py|ts|js|env|ya?ml)$');
  assert.deepEqual(acme?.tags, ['internal', 'acme']);
  assert.equal(acme?.allowlists[0]?.condition, 'AND');
  assert.equal(acme?.allowlists[1]?.regexTarget, 'line');
  const db = config.rules.find((r) => r.id === 'acme-db-url');
  assert.equal(db?.allowlists[0]?.regexTarget, 'match');
  assert.deepEqual(db?.allowlists[0]?.stopwords, ['changeme']);
  // The override merged into the built-in AWS rule: regex kept, keyword added.
  const aws = config.rules.find((r) => r.id === 'aws-access-key-id');
  assert.ok(aws?.regex?.includes('AKIA'));
  assert.ok(aws?.keywords.includes('aws') && aws.keywords.includes('akia'));
  assert.equal(aws?.description, 'AWS key (team override adds a keyword)');
  assert.equal(config.allowlists.length, 3);
  assert.deepEqual(config.allowlists[0]?.commits, ['3e1f8b0c9a7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f']);
  assert.deepEqual(config.allowlists[1]?.targetRules, ['aws-access-key-id']);
});

test('extend.path chains configs relative to the file; a cycle is an error', () => {
  const dir = path.join(FIXTURES, 'extend');
  const config = loadSecretsConfig(path.join(dir, 'child.toml'), path.join(FIXTURES, 'rules'));
  assert.deepEqual(config.rules.map((r) => r.id).sort(), ['child-rule', 'parent-rule']);
  assert.throws(() => loadSecretsConfig(path.join(dir, 'cycle-a.toml')), /levels of \[extend\]/);
});

test('a config with only allowlists applies them on top of the built-ins', () => {
  const config = loadSecretsConfig(
    path.join(FIXTURES, 'extend', 'only-allowlist.toml'),
    path.join(FIXTURES, 'rules'),
  );
  assert.ok(config.rules.some((r) => r.id === 'aws-access-key-id'));
  assert.equal(config.allowlists.length, 1);
});

test('a config with its own rules and no [extend] replaces the built-ins (gitleaks semantics)', () => {
  const config = loadSecretsConfig(
    path.join(FIXTURES, 'extend', 'parent.toml'),
    path.join(FIXTURES, 'rules'),
  );
  assert.deepEqual(
    config.rules.map((r) => r.id),
    ['parent-rule'],
  );
});

test('validation errors name file:line and key', () => {
  const e = errorOf(
    'title = "x"\n\n[[rules]]\nid = "a"\nregex = "ok"\n\n[[rules]]\nid = "b"\nregex = \'\'\'(?<!x)y\'\'\'\n',
  );
  assert.equal(e.file, 'cfg.toml');
  assert.equal(e.line, 9);
  assert.match(e.message, /rules\[1\]\.regex: invalid RE2 pattern/);
  assert.match(e.describe(), /^cfg\.toml:9: /);
});

test('every problem is listed, each with its line', () => {
  const e = errorOf(
    [
      '[[rules]]',
      'id = "a"',
      'regex = "(a)"',
      'secretGroup = 3',
      'entropy = "high"',
      'severity = "urgent"',
      '[[rules.allowlists]]',
      'condition = "XOR"',
      'regexTarget = "file"',
      'regexes = ["x"]',
      '[[rules.allowlists]]',
      'description = "empty"',
    ].join('\n'),
  );
  const text = e.message;
  assert.match(text, /cfg\.toml:4: rules\[0\]\.secretGroup: is 3 but the regex has 1 capture group/);
  assert.match(text, /cfg\.toml:5: rules\[0\]\.entropy: must be a non-negative number/);
  assert.match(text, /cfg\.toml:6: rules\[0\]\.severity/);
  assert.match(text, /cfg\.toml:8: rules\[0\]\.allowlists\[0\]\.condition/);
  assert.match(text, /cfg\.toml:9: rules\[0\]\.allowlists\[0\]\.regexTarget/);
  assert.match(text, /cfg\.toml:11: rules\[0\]\.allowlists\[1\]: must contain at least one check/);
});

test('missing id, missing regex and path, duplicate ids, unknown targetRules', () => {
  assert.match(errorOf('[[rules]]\ndescription = "x"\nregex = "a"').message, /rules\[0\]\.id: required/);
  assert.match(errorOf('[[rules]]\nid = "x"\n').message, /needs a regex or a path/);
  assert.match(
    errorOf('[[rules]]\nid = "x"\nregex = "a"\n[[rules]]\nid = "x"\nregex = "b"').message,
    /duplicate rule id/,
  );
  assert.throws(
    () => loadSecretsConfig(path.join(FIXTURES, 'extend', 'bad-target.toml'), path.join(FIXTURES, 'rules')),
    /unknown rule id 'nope'/,
  );
});

test('broken TOML names the line; unreadable file names the file', () => {
  const e = errorOf('[[rules]]\nid = "x"\nregex = "unterminated\n');
  assert.match(e.message, /invalid TOML/);
  assert.equal(e.line, 3);
  assert.throws(
    () => loadSecretsConfig('/nonexistent/.gitleaks.toml'),
    (err: unknown) => {
      return (
        err instanceof ConfigError && err.file === '/nonexistent/.gitleaks.toml' && /ENOENT/.test(err.message)
      );
    },
  );
});

test('fuzz: arbitrary text only ever raises ConfigError', () => {
  const pieces = fc.constantFrom(
    '[[rules]]\n',
    '[[rules.allowlists]]\n',
    '[allowlist]\n',
    '[[allowlists]]\n',
    '[extend]\n',
    'id = "r"\n',
    'regex = "(a"\n',
    "regex = '''(?i)x'''\n",
    'secretGroup = 9\n',
    'entropy = -1\n',
    'keywords = [1]\n',
    'regexes = ["["]\n',
    'condition = "AND"\n',
    'useDefault = "yes"\n',
    'targetRules = ["r"]\n',
    "'''\n",
    '"\n',
    '= =\n',
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.array(pieces, { maxLength: 20 }).map((a) => a.join('')),
      ),
      (text) => {
        try {
          parseSecretsConfig(text, 'f.toml');
        } catch (error) {
          assert.ok(isRampartError(error) && error.code === 'E_CONFIG', String(error));
        }
      },
    ),
    { numRuns: 800 },
  );
});

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseSecretsConfig } from './config/parse.ts';
import { shannonEntropy } from './entropy.ts';
import { loadBuiltinSecrets, loadSecretsConfig } from './load.ts';
import { redactedPreview, secretHash } from './redact.ts';
import { SecretScanner } from './scanner.ts';
import type { SecretsConfig } from './types.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/secrets');
const SAMPLE = loadBuiltinSecrets(path.join(FIXTURES, 'rules'));
const AWS = 'AKIAQYLPMN5HHHFPZAM2';
const PAT = 'ghp_8kZr2QmX7vN4pL9sT1wY6bH3cJ5dF0gA2eKu';

function config(toml: string): SecretsConfig {
  const file = parseSecretsConfig(toml, 'test.toml');
  return { rules: file.rules, allowlists: file.allowlists };
}

const ids = (s: SecretScanner, text: string, p = 'src/app.ts', commit?: string): string[] =>
  s.scan(text, { path: p, ...(commit ? { commit } : {}) }).map((m) => m.ruleId);

test('exact line and column of the secret group, hash and redacted preview', () => {
  const s = new SecretScanner(SAMPLE);
  const text = `// config\nconst é = 1;\n  key: "${AWS}"\n`;
  const [m, ...rest] = s.scan(text, { path: 'a.ts' });
  assert.equal(rest.length, 0);
  assert.equal(m?.ruleId, 'aws-access-key-id');
  assert.deepEqual([m?.line, m?.column, m?.endLine, m?.endColumn], [3, 9, 3, 29]);
  assert.equal(m?.secretHash, secretHash(AWS));
  assert.equal(m?.preview, 'AKIA…');
  assert.ok(!JSON.stringify(m).includes(AWS));
});

test('columns count characters, not UTF-8 bytes', () => {
  const s = new SecretScanner(SAMPLE);
  const [m] = s.scan(`ééé ${AWS}`, { path: 'a' });
  assert.equal(m?.column, 5);
});

test('redaction: at most 4 chars, a quarter of short secrets', () => {
  assert.equal(redactedPreview('abcdefghijklmnop'), 'abcd…');
  assert.equal(redactedPreview('abcdef'), 'a…');
  assert.equal(redactedPreview('abc'), '…');
});

test('Go/RE2 syntax: (?i), (?i:...), named groups, \\z', () => {
  const s = new SecretScanner(
    config(`
[[rules]]
id = "ci"
regex = '''(?i)tok_([a-z0-9]{10})'''
[[rules]]
id = "inline"
regex = '''pre_(?i:abc)_(?P<v>[0-9]{6})\\z'''
secretGroup = 1
`),
  );
  assert.deepEqual(ids(s, 'TOK_ABCDEFGH12'), ['ci']);
  assert.deepEqual(ids(s, 'pre_ABC_123456'), ['inline']);
  assert.deepEqual(ids(s, 'PRE_ABC_123456'), []);
  assert.deepEqual(ids(s, 'pre_abc_123456\nmore'), []);
});

test('keyword prefilter: a rule runs only when one of its keywords occurs (case-insensitively)', () => {
  const s = new SecretScanner(
    config(`
[[rules]]
id = "kw"
regex = '''[0-9]{8}'''
keywords = ["pin"]
[[rules]]
id = "nokw"
regex = '''zz[0-9]{4}'''
`),
  );
  assert.deepEqual(ids(s, 'code 12345678'), []);
  assert.deepEqual(ids(s, 'PIN 12345678'), ['kw']);
  assert.deepEqual(ids(s, 'zz1234'), ['nokw']);
});

test('entropy threshold applies to the secret group', () => {
  const s = new SecretScanner(
    config(`
[[rules]]
id = "e"
regex = '''k=([a-z0-9]{12})'''
entropy = 3.0
`),
  );
  assert.ok(shannonEntropy('aaaaaaaaaaaa') < 3 && shannonEntropy('a8f3k2m9q1z7') > 3);
  assert.deepEqual(ids(s, 'k=aaaaaaaaaaaa'), []);
  assert.deepEqual(ids(s, 'k=a8f3k2m9q1z7'), ['e']);
});

test('secretGroup picks the group; default is the first non-empty group', () => {
  const s = new SecretScanner(
    config(`
[[rules]]
id = "g2"
regex = '''(user)=(\\w+) (pw)=(\\w{6,})'''
secretGroup = 4
[[rules]]
id = "first"
regex = '''(?:a=(\\w+)|b=(\\w+))'''
`),
  );
  const [g2] = s.scan('user=bob pw=hunter22', { path: 'x' });
  assert.equal(g2?.secretHash, secretHash('hunter22'));
  assert.equal(g2?.column, 13);
  const [first] = s.scan('b=zzzz', { path: 'x' });
  assert.equal(first?.secretHash, secretHash('zzzz'));
});

test('generic-* rules need a digit in the secret (gitleaks)', () => {
  const s = new SecretScanner(SAMPLE);
  assert.deepEqual(ids(s, 'api_key = "AbCdEfGhIjKlMnOpQrSt"'), []);
  assert.deepEqual(ids(s, 'api_key = "Ab3dEf9hIjK1MnOp7rSt"'), ['generic-api-key']);
});

const ALLOW = `
[[rules]]
id = "t"
regex = '''tok_([a-z0-9]{12})'''
[[rules.allowlists]]
condition = "AND"
paths = ['''^test/''']
regexes = ['''^0000''']
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''#\\s*allow-me''']
[[rules.allowlists]]
regexTarget = "match"
regexes = ['''^tok_fake''']
[[rules.allowlists]]
stopwords = ["dead"]
[[rules.allowlists]]
commits = ["abc1234def"]
`;

test('allowlists: AND needs every criterion, OR any; regexTarget secret/match/line; stopwords; commits', () => {
  const s = new SecretScanner(config(ALLOW));
  // AND: path and secret regex both needed.
  assert.deepEqual(ids(s, 'tok_0000abcdefgh', 'test/a.ts'), []);
  assert.deepEqual(ids(s, 'tok_0000abcdefgh', 'src/a.ts'), ['t']);
  assert.deepEqual(ids(s, 'tok_1111abcdefgh', 'test/a.ts'), ['t']);
  // line target sees the comment, secret target would not.
  assert.deepEqual(ids(s, 'x = tok_1111abcdefgh # allow-me'), []);
  assert.deepEqual(ids(s, 'x = tok_1111abcdefgh\n# allow-me'), ['t']);
  // match target sees the prefix outside the group.
  assert.deepEqual(ids(s, 'tok_fake11111111'), []);
  assert.deepEqual(ids(s, 'tok_deadbeef1234'), []);
  assert.deepEqual(ids(s, 'tok_1111abcdefgh', 'a', 'abc1234def'), []);
  assert.deepEqual(ids(s, 'tok_1111abcdefgh', 'a', 'fff1234def'), ['t']);
});

test('OR condition with two criteria: either one allows', () => {
  const s = new SecretScanner(
    config(`
[[rules]]
id = "t"
regex = '''tok_([a-z0-9]{12})'''
[[rules.allowlists]]
paths = ['''^test/''']
regexes = ['''^0000''']
`),
  );
  assert.deepEqual(ids(s, 'tok_1111abcdefgh', 'test/a.ts'), []);
  assert.deepEqual(ids(s, 'tok_0000abcdefgh', 'src/a.ts'), []);
  assert.deepEqual(ids(s, 'tok_1111abcdefgh', 'src/a.ts'), ['t']);
});

test('team config: global allowlist paths skip files, targetRules limit [[allowlists]]', () => {
  const s = new SecretScanner(
    loadSecretsConfig(path.join(FIXTURES, 'team.gitleaks.toml'), path.join(FIXTURES, 'rules')),
  );
  const token = 'acme_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
  assert.deepEqual(ids(s, `t = "${token}"`, 'svc/app.py'), ['acme-internal-token']);
  assert.deepEqual(ids(s, `t = "${token}"`, 'svc/app.go'), [], 'rule path limits the rule');
  assert.deepEqual(ids(s, `t = "${token}"`, 'vendor/x/app.py'), [], 'global allowlist path');
  assert.deepEqual(ids(s, AWS, 'docs/setup.md'), [], 'targetRules allowlist applies to the AWS rule');
  assert.deepEqual(ids(s, PAT, 'docs/setup.md'), ['github-pat'], 'but not to others');
  assert.deepEqual(
    ids(s, 'aws key=AKIAIOSFODNN7EXAMPLE', 'a.txt'),
    [],
    'built-in rule allowlist kept after override',
  );
  assert.deepEqual(ids(s, 'x: postgres://app:s3cr3tpass@db.acme.internal/x', 'a.yaml'), ['acme-db-url']);
  assert.deepEqual(ids(s, 'x: postgres://readonly:s3cr3tpass@db.acme.internal/x', 'a.yaml'), []);
  assert.deepEqual(ids(s, 'x: postgres://app:changeme1@db.acme.internal/x', 'a.yaml'), []);
});

test('base64 and hex encoded secrets are found, pointing at the encoded text', () => {
  const s = new SecretScanner(SAMPLE);
  const b64 = Buffer.from(`aws_key=${AWS}`).toString('base64');
  const [m] = s.scan(`line one\nvalue: ${b64}\n`, { path: 'a.yaml' });
  assert.equal(m?.ruleId, 'aws-access-key-id');
  assert.deepEqual([m?.line, m?.column, m?.endColumn], [2, 8, 8 + b64.length]);
  assert.deepEqual(m?.decodedFrom, ['base64']);
  assert.equal(m?.secretHash, secretHash(AWS));
  const hex = Buffer.from(`token ${PAT}`).toString('hex');
  assert.deepEqual(
    s.scan(hex, { path: 'a' }).map((x) => [x.ruleId, x.decodedFrom.join()]),
    [['github-pat', 'hex']],
  );
  // Twice encoded: found at depth 2, not at depth 1.
  const twice = Buffer.from(`k ${b64}`).toString('base64');
  assert.equal(s.scan(twice, { path: 'a' })[0]?.decodedFrom.join(), 'base64,base64');
  assert.equal(new SecretScanner(SAMPLE, { maxDecodeDepth: 1 }).scan(twice, { path: 'a' }).length, 0);
});

test('multi-line private key', () => {
  const s = new SecretScanner(SAMPLE);
  const body =
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu';
  const [m] = s.scan(`x\n-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`, {
    path: 'k.pem',
  });
  assert.equal(m?.ruleId, 'private-key');
  assert.deepEqual([m?.line, m?.endLine], [2, 5]);
});

test('path-only rule reports the file', () => {
  const s = new SecretScanner(config(`[[rules]]\nid = "pkcs12"\npath = '''\\.p12$'''\n`));
  assert.deepEqual(ids(s, 'anything', 'certs/a.p12'), ['pkcs12']);
  assert.deepEqual(ids(s, 'anything', 'certs/a.pem'), []);
});

test('huge lines and many matches stay bounded', () => {
  const s = new SecretScanner(SAMPLE, { maxMatchesPerRule: 50 });
  const line = `${'x'.repeat(5_000_000)} ${AWS}`;
  const t0 = performance.now();
  assert.equal(s.scan(line, { path: 'a' }).length, 1);
  const many = Array.from(
    { length: 1000 },
    (_, i) =>
      `AKIA${String(i)
        .padStart(4, '2')
        .replace(/[0189]/g, 'Q')}QYLPMN5HHHFP`,
  ).join('\n');
  assert.ok(s.scan(many, { path: 'a' }).length <= 50);
  assert.ok(performance.now() - t0 < 5000);
});

test('fuzz: the scanner never throws and never returns a full secret', () => {
  const s = new SecretScanner(SAMPLE);
  const token = fc.constantFrom(
    AWS,
    PAT,
    'api_key=',
    '-----BEGIN RSA PRIVATE KEY-----',
    '\n',
    '==',
    'QUtJQV',
    'é',
    '\u0000',
    ' ',
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.array(fc.oneof(token, fc.string({ maxLength: 10 })), { maxLength: 30 }).map((a) => a.join('')),
      ),
      (text) => {
        const out = s.scan(text, { path: 'f.txt' });
        const json = JSON.stringify(out);
        assert.ok(!json.includes(AWS) && !json.includes(PAT));
        for (const m of out) assert.ok(m.line >= 1 && m.column >= 1 && m.endLine >= m.line);
      },
    ),
    { numRuns: 1000 },
  );
});

test('a generic finding covered by a specific rule on the same line is dropped (gitleaks dedupe)', () => {
  const s = new SecretScanner(SAMPLE);
  assert.deepEqual(ids(s, `token = "${PAT}"`), ['github-pat']);
  assert.deepEqual(ids(s, 'token = "Ab3dEf9hIjK1MnOp7rSt"'), ['generic-api-key']);
});

test('gitleaks:allow on the line suppresses, as in gitleaks', () => {
  const s = new SecretScanner(SAMPLE);
  assert.deepEqual(ids(s, `key = "${AWS}" # gitleaks:allow`), []);
  assert.deepEqual(ids(s, `# gitleaks:allow\nkey = "${AWS}"`), ['aws-access-key-id']);
  // The line's ends far from the match (long lines, as in minified code) and CRLF: the same line.
  const pad = (n: number) => 'x'.repeat(n);
  for (const [before, after] of [
    [0, 0],
    [5000, 0],
    [0, 5000],
    [9000, 9000],
  ] as const) {
    const line = `${pad(before)} key = "${AWS}" ${pad(after)}`;
    assert.deepEqual(ids(s, `a\r\n${line} # gitleaks:allow\r\nb`), [], `${before}/${after}`);
    assert.deepEqual(ids(s, `# gitleaks:allow\n${line}\n# gitleaks:allow`), ['aws-access-key-id']);
    assert.deepEqual(ids(s, `${pad(before)}\n${line}`), ['aws-access-key-id']);
  }
  // An allowlist on the line sees exactly the line: no newline of the one before, no CR.
  const lineAllow = new SecretScanner(
    config(
      `[[rules]]\nid = "t"\nregex = '''tok_[a-z0-9]{12}'''\n[[rules.allowlists]]\nregexTarget = "line"\nregexes = ['''^key = tok_[a-z0-9]{12}$''']\n`,
    ),
  );
  for (const before of [0, 10, 5000])
    for (const eol of ['\n', '\r\n']) {
      const text = `${pad(before)}${eol}key = tok_abcdef123456${eol}${pad(before)}`;
      assert.deepEqual(ids(lineAllow, text), [], `${before} ${JSON.stringify(eol)}`);
      assert.deepEqual(ids(lineAllow, text.replace('key =', 'kez =')), ['t']);
    }
  const where = new SecretScanner(SAMPLE).scan(`${pad(6000)}\n${pad(5000)} key = "${AWS}"`, { path: 'a' })[0];
  assert.deepEqual([where?.line, where?.column], [2, 5000 + ' key = "'.length + 1]);
});

test('user patterns that backtrack catastrophically in JS run in linear time under RE2', () => {
  const s = new SecretScanner(
    config(
      `[[rules]]\nid = "redos"\nregex = '''(a+)+$'''\n[[rules]]\nid = "redos2"\nregex = '''(x|x)*y'''\n`,
    ),
  );
  const text = `${'a'.repeat(100_000)}!\n${'x'.repeat(100_000)}`;
  const t0 = performance.now();
  assert.deepEqual(ids(s, text), []);
  assert.ok(performance.now() - t0 < 2000, 'RE2 keeps hostile input linear');
});

test('a keyword written with K or ſ still selects its rule (RE2 (?i) matches those letters)', () => {
  const s = new SecretScanner(loadBuiltinSecrets());
  // Before the keyword pass folded them, only the generic rules saw these.
  assert.deepEqual(ids(s, 'MI\u017fTRAL_API_KEY=u7vVTTOEyIqrQ3LHMgJhvfb4i2m8eCIZ'), ['mistral-api-key']);
  assert.deepEqual(ids(s, 'JENKIN\u017f_API_TOKEN=11d637ea68e890eb71e86f0402b258970c'), [
    'jenkins-api-token',
  ]);
  assert.deepEqual(ids(s, 'jen\u212ains_token: "110068f78e97d256d045e5821458bf84ca"'), ['jenkins-api-token']);
});

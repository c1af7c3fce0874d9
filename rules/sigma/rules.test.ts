/**
 * The built-in Sigma rules (rules/sigma/{linux,web,kubernetes,aws}): every rule loads, and every
 * rule file has positive and negative log fixtures in the real log format, run through
 * `rampart detect`'s own code path (detectAction: format sniffing, parser logsource routing,
 * correlations at end of stream). The first YAML document of a file is the rule it is named after
 * (for correlation files, the outer correlation); later documents are its base rules.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { detectAction } from '../../src/cli/commands/detect.ts';
import { captureIo } from '../../src/cli/testing/run-cli.ts';
import { detectFormat } from '../../src/detect/logs/registry.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** rules/sigma/pipelines/ holds processing pipelines, not rules: never load it as rules. */
const RULE_DIRS = ['linux', 'web', 'kubernetes', 'aws'];
/** The log format auto-detection must pick for each folder's fixtures (so logsource routing applies). */
const FORMAT_OF_DIR: Readonly<Record<string, string>> = {
  linux: 'auth',
  web: 'access',
  kubernetes: 'k8s-audit',
  aws: 'cloudtrail',
};

/** Alerts the positive fixture must raise for the file's main rule (the negative raises none). */
const EXPECTED: Readonly<Record<string, number>> = {
  sshd_invalid_user: 2,
  sshd_root_login_success: 1,
  sshd_bruteforce: 1,
  sshd_bruteforce_then_success: 1,
  sudo_auth_failure: 1,
  sudo_interactive_shell: 2,
  web_sql_injection: 3,
  web_xss: 2,
  web_path_traversal: 3,
  web_scanner_user_agent: 3,
  web_4xx_flood: 1,
  k8s_pod_exec: 2,
  k8s_privileged_pod: 4,
  k8s_secrets_listing: 2,
  k8s_cluster_admin_binding: 1,
  aws_root_account_usage: 2,
  aws_cloudtrail_disabled: 2,
  aws_s3_public_access: 4,
  aws_iam_access_key_for_other_user: 1,
};

interface RuleFile {
  readonly dir: string;
  readonly stem: string;
  /** The first document, as YAML data. */
  readonly doc: Readonly<Record<string, unknown>>;
  readonly id: string;
  readonly title: string;
}

function ruleFiles(): RuleFile[] {
  return RULE_DIRS.flatMap((dir) =>
    readdirSync(path.join(HERE, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => {
        const [first] = parseAllDocuments(readFileSync(path.join(HERE, dir, f), 'utf8'));
        const doc = (first?.toJS() ?? {}) as Record<string, unknown>;
        assert.equal(typeof doc.id, 'string', `${dir}/${f}: first document needs an id`);
        const stem = f.replace(/\.ya?ml$/, '');
        return { dir, stem, doc, id: String(doc.id), title: String(doc.title) };
      }),
  );
}

const flags = {
  rules: RULE_DIRS,
  format: 'jsonl' as const,
  keywordMatch: 'contains' as const,
  routing: true,
};

function fixture(stem: string, kind: 'positive' | 'negative'): string {
  const dir = path.join(HERE, 'fixtures', stem);
  const name = readdirSync(dir).find((f) => f.startsWith(`${kind}.`));
  assert.ok(name, `fixtures/${stem}/${kind}.* is missing`);
  return path.join('fixtures', stem, name);
}

/** Runs `rampart detect --rules <built-ins> FILE --format jsonl` and returns the alerts' rule ids. */
async function detect(file: string): Promise<{ ids: string[]; stderr: string }> {
  const io = captureIo({ cwd: HERE });
  const code = await detectAction([file], flags, io);
  assert.equal(code, 0, io.stderr);
  const ids = io.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { ruleId?: string }).ruleId ?? '');
  return { ids, stderr: io.stderr };
}

test('built-in Sigma rules: every rule loads, none is rejected', async () => {
  const io = captureIo({ cwd: HERE });
  assert.equal(await detectAction([], { ...flags, lint: true }, io), 0, io.stdout);
  assert.match(io.stdout, /^loaded \d+ rules, 0 filters and 4 correlations, rejected 0$/m);
});

test('built-in Sigma rules: ids are unique and every rule file has fixtures and an expectation', () => {
  const files = ruleFiles();
  assert.ok(files.length >= 15, `only ${files.length} rule files`);
  assert.equal(new Set(files.map((f) => f.id)).size, files.length, 'duplicate rule ids');
  assert.deepEqual(files.map((f) => f.stem).sort(), Object.keys(EXPECTED).sort());
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LIST_FIELDS = ['tags', 'falsepositives', 'references'] as const;

for (const rule of ruleFiles()) {
  test(`${rule.stem}: metadata (UUID id, status, level, ATT&CK tags, false positives, references)`, () => {
    const { doc } = rule;
    assert.match(rule.id, UUID);
    assert.equal(doc.status, 'experimental');
    assert.ok(['low', 'medium', 'high', 'critical', 'informational'].includes(String(doc.level)));
    for (const key of LIST_FIELDS) {
      const list = doc[key];
      assert.ok(Array.isArray(list) && list.length > 0, `${rule.stem}: '${key}' must be a non-empty list`);
    }
    const tags = doc.tags as unknown[];
    assert.ok(
      tags.some((t) => /^attack\.t\d{4}(\.\d{3})?$/.test(String(t))),
      `${rule.stem}: needs an ATT&CK technique tag`,
    );
    for (const ref of doc.references as unknown[]) assert.match(String(ref), /^https:\/\//);
  });
  test(`${rule.stem}: fixtures are sniffed as ${FORMAT_OF_DIR[rule.dir]}`, () => {
    for (const kind of ['positive', 'negative'] as const) {
      const file = fixture(rule.stem, kind);
      const head = readFileSync(path.join(HERE, file), 'utf8').slice(0, 64 * 1024);
      assert.equal(detectFormat(head, file).name, FORMAT_OF_DIR[rule.dir], file);
    }
  });
  test(`${rule.stem}: positive fixture raises "${rule.title}" ${EXPECTED[rule.stem]} time(s)`, async () => {
    const { ids, stderr } = await detect(fixture(rule.stem, 'positive'));
    // Fixtures are real log lines: the sniffed parser must read every line.
    assert.doesNotMatch(stderr, /skipped/, stderr);
    assert.equal(ids.filter((id) => id === rule.id).length, EXPECTED[rule.stem], stderr);
  });
  test(`${rule.stem}: negative fixture does not raise it`, async () => {
    const { ids, stderr } = await detect(fixture(rule.stem, 'negative'));
    assert.doesNotMatch(stderr, /skipped/, stderr);
    assert.match(stderr, /^[1-9]\d* events,/m, 'the negative fixture must contain events');
    assert.equal(ids.filter((id) => id === rule.id).length, 0);
  });
}

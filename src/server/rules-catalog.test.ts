import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { createPolicyAnalyzer } from '../scan/analyzers/policy.ts';
import { createSecretsAnalyzer } from '../scan/analyzers/secrets.ts';
import { BUILTIN_SIGMA_DIR, RulesCatalog } from './rules-catalog.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'rules-catalog');

// One catalog for the built-in rules (metadata only: about a tenth of a second).
const catalog = new RulesCatalog();

test('rules catalog: built-in policy, secrets and Sigma rules with their metadata', async () => {
  const all = await catalog.search();
  const kinds = new Map<string, number>();
  for (const r of all) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  assert.ok((kinds.get('policy') ?? 0) >= 100, `policy rules: ${kinds.get('policy')}`);
  assert.ok((kinds.get('secrets') ?? 0) >= 100, `secrets rules: ${kinds.get('secrets')}`);
  assert.ok((kinds.get('sigma') ?? 0) >= 19, `sigma rules: ${kinds.get('sigma')}`);
  assert.equal(new Set(all.map((r) => r.id)).size, all.length, 'ids are unique');
  // Most severe first, then by id.
  const order = ['critical', 'high', 'medium', 'low', 'info'];
  for (let i = 1; i < all.length; i++) {
    const [a, b] = [all[i - 1], all[i]];
    assert.ok(a && b);
    const d = order.indexOf(a.severity) - order.indexOf(b.severity);
    assert.ok(d < 0 || (d === 0 && a.id < b.id), `${a.id} before ${b.id}`);
  }

  const policy = await catalog.get('RMP-K8S-001');
  assert.equal(policy?.kind, 'policy');
  assert.equal(policy?.input, 'kubernetes');
  assert.equal(policy?.severity, 'critical');
  assert.match(policy?.why ?? '', /privileged container/i);
  assert.ok(policy?.fix);
  assert.ok(policy?.frameworks['cis-kubernetes']?.length);
  assert.ok(policy?.references.every((r) => r.startsWith('https://')));

  const secret = await catalog.get('1password-secret-key');
  assert.equal(secret?.kind, 'secrets');
  assert.equal(secret?.severity, 'critical');
  assert.deepEqual(secret?.frameworks['nist-800-53'], ['IA-5']);

  // rules/sigma/linux/sshd_invalid_user.yml: level low, references and falsepositives from the YAML.
  const sigma = await catalog.get('60236e19-0871-4616-8aa7-13af513be7fa');
  assert.equal(sigma?.kind, 'sigma');
  assert.equal(sigma?.severity, 'low');
  assert.deepEqual(sigma?.references, ['https://man.openbsd.org/sshd.8']);
  assert.deepEqual(sigma?.falsePositives, ['Users mistyping their login name']);
  assert.deepEqual(sigma?.attack, ['T1110.001']);
  assert.deepEqual(sigma?.logsource, { product: 'linux', service: 'sshd' });
  assert.equal(await catalog.get('no-such-rule'), undefined);
});

test('rules catalog: search by words (all must match), kind, severity and framework', async () => {
  const ssh = await catalog.search({ q: 'SSH  invalid' });
  assert.deepEqual(
    ssh.map((r) => r.id),
    ['60236e19-0871-4616-8aa7-13af513be7fa'],
  );
  // Words match ids, tags and framework controls too.
  assert.ok((await catalog.search({ q: 'rmp-k8s-001' })).some((r) => r.id === 'RMP-K8S-001'));
  assert.ok((await catalog.search({ q: 'T1110.001' })).some((r) => r.kind === 'sigma'));
  const ia5 = await catalog.search({ q: 'ia-5', kind: 'secrets' });
  assert.ok(ia5.length > 10);
  assert.ok(ia5.every((r) => r.kind === 'secrets' && r.frameworks['nist-800-53']?.includes('IA-5')));

  const critical = await catalog.search({ severity: 'critical', kind: 'policy' });
  assert.ok(critical.length > 0);
  assert.ok(critical.every((r) => r.severity === 'critical' && r.kind === 'policy'));
  const cis = await catalog.search({ framework: 'cis-kubernetes' });
  assert.ok(cis.length > 0);
  assert.ok(cis.every((r) => (r.frameworks['cis-kubernetes']?.length ?? 0) > 0));
  assert.deepEqual(await catalog.search({ framework: 'not-a-framework' }), []);
  assert.deepEqual(await catalog.search({ q: 'zzqx-nothing-matches' }), []);
});

test('rules catalog: a rejected Sigma rule fails the load naming its file and line; a later call loads again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-sigma-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'broken.yml');
  const text = readFileSync(join(FIXTURES, 'sigma-bad', 'broken.yml'), 'utf8');
  writeFileSync(file, text);
  const catalog = new RulesCatalog({ sigmaDir: dir });
  await assert.rejects(
    catalog.search({ kind: 'sigma' }),
    /Sigma rules in .*: 1 rejected, first .*broken\.yml:9: .*nothere/,
  );
  // Not cached: once the file is fixed, the next call loads it.
  writeFileSync(file, text.replace('selection and nothere', 'selection'));
  const sigma = await catalog.search({ kind: 'sigma' });
  assert.deepEqual(
    sigma.map((r) => r.id),
    ['0b8e8c1e-5f38-4c4e-9a63-3c1a3b2f0001'],
  );
});

/**
 * The catalog reads metadata only (no CEL compiled, no scanner built, one full YAML parse less);
 * it must equal what the engines' own loaders give — the way it was built before.
 */
test('rules catalog: metadata read without building engines equals the engines loaders (policy, secrets, Sigma documentation fields)', async () => {
  const policy = (await createPolicyAnalyzer({}).load()).map((r) => ({
    id: r.id,
    title: r.title,
    severity: r.severity,
    kind: 'policy',
    description: r.description,
    why: r.why,
    fix: r.fix,
    references: r.references,
    frameworks: r.frameworks,
    tags: r.tags,
    input: r.match.input,
  }));
  const secrets = (await createSecretsAnalyzer({}).rules()).map((r) => ({
    id: r.id,
    title: r.title,
    severity: r.severity,
    kind: 'secrets',
    description: r.description,
    why: r.why,
    fix: r.fix,
    references: r.references,
    frameworks: r.frameworks,
    tags: r.tags,
  }));
  const fast = await catalog.search();
  const byId = (rules: ReadonlyArray<{ id: string }>) =>
    [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  assert.ok(policy.length >= 100);
  assert.deepEqual(byId(fast.filter((r) => r.kind === 'policy')), byId(policy));
  assert.deepEqual(byId(fast.filter((r) => r.kind === 'secrets')), byId(secrets));

  // Sigma documentation fields, kept by the detect loader: equal to the full parser's values.
  const files = sigmaFiles(BUILTIN_SIGMA_DIR);
  assert.ok(files.length >= 19);
  const sigma = new Map(fast.filter((r) => r.kind === 'sigma').map((r) => [r.id, r]));
  let checked = 0;
  for (const file of files)
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const data = doc.toJS() as { id?: unknown; references?: unknown; falsepositives?: unknown };
      if (typeof data?.id !== 'string') continue;
      assert.deepEqual(sigma.get(data.id)?.references, data.references ?? [], file);
      assert.deepEqual(sigma.get(data.id)?.falsePositives, data.falsepositives ?? [], file);
      checked++;
    }
  assert.equal(checked, sigma.size, 'every catalog Sigma entry was compared');
});

function sigmaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'pipelines' || e.name === 'fixtures' ? [] : sigmaFiles(full);
    return /\.ya?ml$/i.test(e.name) ? [full] : [];
  });
}

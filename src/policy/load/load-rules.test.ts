import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_RULES_DIR, findPolicyFiles, loadRules } from './load-rules.ts';

describe('loading policy directories', () => {
  it('loads every PolicyRule document of *.yaml/*.yml files, skipping other YAML', async () => {
    const { rules, errors } = await loadRules(['test/fixtures/policy/user-dir']);
    assert.deepEqual(errors, []);
    assert.deepEqual(rules.map((r) => r.id).sort(), ['USER-001', 'USER-002', 'USER-003']);
    const r2 = rules.find((r) => r.id === 'USER-002');
    assert.deepEqual(r2?.source, {
      file: 'test/fixtures/policy/user-dir/policies.yaml',
      line: 22,
      column: 5,
    });
  });

  it('in a rule folder only rule.yaml is a policy file (the rest are fixtures)', async () => {
    const files = await findPolicyFiles('test/fixtures/policy/example-pack');
    assert.deepEqual(files, ['test/fixtures/policy/example-pack/ACME-K8S-001-trusted-registry/rule.yaml']);
  });

  it('a missing directory is an error naming it', async () => {
    const { errors } = await loadRules(['test/fixtures/policy/does-not-exist']);
    assert.match(
      errors[0]?.describe() ?? '',
      /policy directory not found: test\/fixtures\/policy\/does-not-exist/,
    );
  });

  it('the built-in packs load without errors and with unique ids', async () => {
    const { rules, errors } = await loadRules([BUILTIN_RULES_DIR]);
    assert.deepEqual(
      errors.map((e) => e.describe()),
      [],
    );
    assert.ok(rules.length > 0);
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  });
});

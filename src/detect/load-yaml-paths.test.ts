import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadRules, type RuleSource } from './load.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function ymlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return ymlFiles(full);
    return e.name.endsWith('.yml') || e.name.endsWith('.yaml') ? [full] : [];
  });
}

// Compiled rules hold functions and sets; compare what they are made of.
function dump(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    typeof v === 'function' ? `fn:${v.name}` : v instanceof Set || v instanceof Map ? [...v] : v,
  );
}

const plainRule = (extra: string) => `title: Shell spawned by a web server
id: 0b7c9e52-7c1f-4b8e-9d55-1d2a3c4b5e6f
logsource:
  category: process_creation
  product: linux
detection:
  selection:
    ParentImage|endswith: /nginx
  filter_known:
    Image|contains|expand: '%known_tools%'
${extra}  condition: selection and not filter_known
level: high
`;

test('rule loading: the fast YAML path gives exactly what the full parser gives (built-in rules and fixtures)', () => {
  const files = [
    ...ymlFiles(path.join(ROOT, 'rules/sigma')),
    ...ymlFiles(path.join(ROOT, 'test/fixtures/detect')),
  ];
  assert.ok(files.length > 20, 'rule files found');
  const sources: RuleSource[] = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  assert.equal(dump(loadRules(sources)), dump(loadRules(sources, { fullYaml: true })));
});

test('rule loading: a rejection names the same line on both YAML paths (block maps, flow maps, lists)', () => {
  for (const extra of ['', '  other: { a: b }\n', '  list:\n    - x\n']) {
    const source = { file: 'web-shell.yml', text: plainRule(extra) };
    const fast = loadRules([source]);
    const full = loadRules([source], { fullYaml: true });
    assert.equal(fast.rejected.length, 1);
    assert.equal(fast.rejected[0]?.code, 'expand');
    // yaml's node for `filter_known` starts at its first entry: line 10.
    assert.equal(fast.rejected[0]?.origin.line, 10);
    assert.deepEqual(fast.rejected, full.rejected);
  }
  // Something the fast reader leaves to the full parser (an anchor) still loads the same.
  const anchored = { file: 'a.yml', text: plainRule('  other: &x { a: b }\n  again: *x\n') };
  assert.deepEqual(loadRules([anchored]).rejected, loadRules([anchored], { fullYaml: true }).rejected);
});

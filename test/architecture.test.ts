import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

// The one rule of dependencies (docs/architecture.md): adapters → services → engines → core.
// A module may import only from its own layer or the layers listed for it here.
const LAYER_OF: Record<string, string> = {
  core: 'core',
  inputs: 'engine',
  policy: 'engine',
  secrets: 'engine',
  deps: 'engine',
  artifacts: 'engine',
  detect: 'engine',
  report: 'pipeline',
  scan: 'pipeline',
  catalog: 'service',
  access: 'service',
  changes: 'service',
  audit: 'service',
  posture: 'service',
  cli: 'adapter',
  server: 'adapter',
  lsp: 'adapter',
  store: 'adapter',
  bus: 'adapter',
};
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: ['core'],
  engine: ['core', 'engine'],
  pipeline: ['core', 'engine', 'pipeline'],
  service: ['core', 'engine', 'pipeline', 'service'],
  adapter: ['core', 'engine', 'pipeline', 'service', 'adapter'],
};

const src = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

function moduleOf(file: string): string | undefined {
  const rel = relative(src, file);
  return rel.includes('/') ? rel.split('/')[0] : undefined;
}

test('architecture: every src/ folder is assigned a layer', () => {
  const folders = readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const unassigned = folders.filter((f) => !(f in LAYER_OF));
  assert.deepEqual(unassigned, [], 'add new src/ folders to LAYER_OF in test/architecture.test.ts');
});

test('architecture: dependencies point inward only (adapters → services → engines → core)', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(src)) {
    const from = moduleOf(file);
    if (!from || !(from in LAYER_OF)) continue;
    const allowed = MAY_IMPORT[LAYER_OF[from] as string] ?? [];
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = moduleOf(resolve(dirname(file), match[1] as string));
      if (!target || target === from) continue;
      const layer = LAYER_OF[target];
      if (layer && !allowed.includes(layer)) {
        violations.push(`${relative(src, file)} (${LAYER_OF[from]}) imports ${target} (${layer})`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

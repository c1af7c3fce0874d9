import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CEL_FUNCTION_GROUPS } from './index.ts';

it('docs/cel.md documents every registered function signature', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/cel.md', import.meta.url)), 'utf8');
  const missing = CEL_FUNCTION_GROUPS.flatMap((g) => g.functions.map((f) => f.signature)).filter(
    (signature) => !doc.includes(`\`${signature}\``),
  );
  assert.deepEqual(missing, [], 'add these to the function table in docs/cel.md');
});

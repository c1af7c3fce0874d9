import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import type { InputDocument } from '../inputs/document.ts';
import { PolicyEngine } from './engine.ts';
import { BUILTIN_RULES_DIR, loadRules } from './load/load-rules.ts';

const { rules } = await loadRules([BUILTIN_RULES_DIR]);
const engine = new PolicyEngine(rules);
// Kinds the built-in rules select, so random documents actually reach their expressions.
const targets = [
  ...new Set(
    rules.flatMap((r) =>
      [...(r.match.kinds ?? ['Any']), ...(r.match.resourceTypes ?? [])].map(
        (k) => `${r.match.input}\u0000${k}`,
      ),
    ),
  ),
].map((t) => t.split('\u0000') as [InputDocument['type'], string]);

const documentArb = fc.record({
  target: fc.constantFrom(...targets),
  object: fc.dictionary(
    fc.constantFrom('spec', 'metadata', 'stages', 'jobs', 'Properties', 'bucket', 'ingress', 'on'),
    fc.jsonValue({ maxDepth: 4 }),
  ),
  podSpec: fc.option(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), { nil: null }),
  containers: fc.array(
    fc.record({
      path: fc.string(),
      type: fc.constantFrom('container', 'initContainer'),
      spec: fc.jsonValue({ maxDepth: 3 }),
    }),
    { maxLength: 3 },
  ),
  unknown: fc.array(fc.constantFrom('spec', 'bucket', 'ingress[0]', 'Properties.X'), { maxLength: 2 }),
});

it('random documents never make the engine throw; every finding is a violation or an evaluation error', () => {
  fc.assert(
    fc.property(fc.array(documentArb, { minLength: 1, maxLength: 4 }), (inputs) => {
      const docs: InputDocument[] = inputs.map((d, i) => ({
        type: d.target[0],
        file: `f${i}.x`,
        kind: d.target[1] === 'Workload' ? 'Deployment' : d.target[1],
        name: `n${i}`,
        blockType: 'resource',
        object: d.object,
        range: { start: { line: 1, column: 1 }, end: { line: 9, column: 1 } },
        positions: new Map(),
        unknownPaths: new Set(d.unknown),
        expressions: {},
        extras:
          d.target[0] === 'kubernetes'
            ? { podSpec: d.podSpec, podSpecPath: 'spec.template.spec', containers: d.containers }
            : {},
      }));
      const { findings } = engine.evaluate(docs);
      for (const f of findings) {
        assert.ok(f.kind === 'violation' || f.kind === 'evaluation-error', f.kind);
        assert.equal(typeof f.message, 'string');
        assert.ok(f.location.range && f.location.range.start.line >= 1);
      }
    }),
    { numRuns: 150 },
  );
});

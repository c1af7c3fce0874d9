import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@marcbachmann/cel-js';
import fc from 'fast-check';
import { directoryOf, documentFunctions, sameDirectory } from './documents.ts';

function env(): Environment {
  const e = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  e.registerVariable('documents', 'dyn');
  e.registerVariable('document', 'dyn');
  for (const fn of documentFunctions.functions) {
    e.registerFunction(fn.signature, fn.handler as (...args: unknown[]) => unknown);
  }
  return e;
}

const docs = [
  { kind: 'aws_s3_bucket', name: 'a', file: 'stacks/one/main.tf' },
  { kind: 'aws_flow_log', name: 'f1', file: 'stacks/one/network.tf' },
  { kind: 'aws_flow_log', name: 'f2', file: 'stacks/two/main.tf' },
  { kind: 'aws_flow_log', name: 'f3', file: 'stacks/one/nested/main.tf' },
  { kind: 'aws_flow_log', name: 'root', file: 'main.tf' },
];

describe('sameDirectory', () => {
  it('returns only documents of the kind in the same directory, not sub- or sibling directories', () => {
    assert.deepEqual(
      sameDirectory(docs, 'stacks/one/main.tf', 'aws_flow_log').map((d) => (d as { name: string }).name),
      ['f1'],
    );
    assert.deepEqual(
      sameDirectory(docs, 'other.tf', 'aws_flow_log').map((d) => (d as { name: string }).name),
      ['root'],
    );
    assert.deepEqual(sameDirectory(docs, 'stacks/three/main.tf', 'aws_flow_log'), []);
  });

  it('returns [] for odd input and tolerates odd list entries', () => {
    assert.deepEqual(sameDirectory(null, 'a.tf', 'k'), []);
    assert.deepEqual(sameDirectory(docs, null, 'k'), []);
    assert.deepEqual(sameDirectory([null, 3, { kind: 1 }], 'a.tf', 'k'), []);
  });

  it('indexes a list once: later changes to the same array are not seen (lists are per run)', () => {
    const list: unknown[] = [{ kind: 'k', file: 'd/a.tf' }];
    assert.equal(sameDirectory(list, 'd/b.tf', 'k').length, 1);
    list.push({ kind: 'k', file: 'd/c.tf' });
    assert.equal(sameDirectory(list, 'd/b.tf', 'k').length, 1);
    assert.equal(sameDirectory([...list], 'd/b.tf', 'k').length, 2);
  });

  it('works from CEL with the documents variable', () => {
    const found = env().evaluate("sameDirectory(documents, document.file, 'aws_flow_log').map(d, d.name)", {
      documents: docs,
      document: { file: 'stacks/two/vpc.tf' },
    });
    assert.deepEqual(found, ['f2']);
  });

  it('agrees with a linear scan (fuzz)', () => {
    const doc = fc.record({
      kind: fc.constantFrom('a', 'b'),
      file: fc.constantFrom('x.tf', 'd/x.tf', 'd/y.tf', 'd/e/x.tf', 'e/x.tf'),
    });
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 30 }), doc, (list, probe) => {
        const expected = list.filter(
          (d) => d.kind === probe.kind && directoryOf(d.file) === directoryOf(probe.file),
        );
        assert.deepEqual(sameDirectory(list, probe.file, probe.kind), expected);
      }),
      { numRuns: 200 },
    );
  });
});

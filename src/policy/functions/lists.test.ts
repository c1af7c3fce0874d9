import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@marcbachmann/cel-js';
import fc from 'fast-check';
import { flattenOnce, listFunctions, listIndices } from './lists.ts';

function env(): Environment {
  const e = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  e.registerVariable('object', 'dyn');
  for (const fn of listFunctions.functions) {
    e.registerFunction(fn.signature, fn.handler as (...args: unknown[]) => unknown);
  }
  return e;
}

describe('lists helpers', () => {
  it('indices returns 0..n-1 as ints and [] for non-lists', () => {
    assert.deepEqual(listIndices(['a', 'b', 'c']), [0n, 1n, 2n]);
    assert.deepEqual(listIndices([]), []);
    assert.deepEqual(listIndices(null), []);
    assert.deepEqual(listIndices({ a: 1 }), []);
    assert.deepEqual(listIndices('abc'), []);
  });

  it('flatten removes exactly one level', () => {
    assert.deepEqual(flattenOnce([[1], [2, [3]], 4]), [1, 2, [3], 4]);
    assert.deepEqual(flattenOnce(null), []);
  });

  it('builds element paths across nested lists in CEL', () => {
    const object = {
      stages: [{ instructions: [{ k: 'FROM' }, { k: 'RUN' }] }, { instructions: [{ k: 'USER' }] }],
    };
    const paths = env().evaluate(
      "indices(object.stages).map(s, indices(object.stages[s].instructions).map(i, 'stages[' + string(s) + '].instructions[' + string(i) + ']')).flatten()",
      { object },
    );
    assert.deepEqual(paths, [
      'stages[0].instructions[0]',
      'stages[0].instructions[1]',
      'stages[1].instructions[0]',
    ]);
  });

  it('treats null (unknown) lists as empty instead of failing', () => {
    assert.deepEqual(env().evaluate('indices(object.steps)', { object: { steps: null } }), []);
  });

  it('never throws and is bounded for any input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const n = listIndices(value).length;
        assert.equal(n, Array.isArray(value) ? value.length : 0);
        flattenOnce(value);
      }),
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callFunction, jsonEncode } from './functions.ts';

describe('Terraform functions evaluated statically', () => {
  test('jsonencode: compact, keys sorted, HTML characters escaped like Terraform', () => {
    assert.equal(
      jsonEncode({ b: 1, a: ['<x>', true, null, 1.5] }),
      '{"a":["\\u003cx\\u003e",true,null,1.5],"b":1}',
    );
    assert.equal(jsonEncode('a&b'), '"a\\u0026b"');
    assert.equal(jsonEncode(1e21), undefined, 'exponent form is not what Terraform prints');
  });

  test('string functions', () => {
    assert.equal(callFunction('lower', ['AbC']), 'abc');
    assert.equal(callFunction('upper', ['AbC']), 'ABC');
    assert.equal(callFunction('trimspace', ['  x \n']), 'x');
    assert.equal(callFunction('join', ['-', ['a', 1, true]]), 'a-1-true');
    assert.deepEqual(callFunction('split', [',', 'a,b']), ['a', 'b']);
    assert.equal(callFunction('length', ['héllo']), 5);
  });

  test('collection functions', () => {
    assert.deepEqual(callFunction('concat', [[1], [2, 3]]), [1, 2, 3]);
    assert.deepEqual(callFunction('merge', [{ a: 1, b: 1 }, null, { b: 2 }]), { a: 1, b: 2 });
    assert.deepEqual(callFunction('toset', [['b', 'a', 'b']]), ['a', 'b']);
    assert.deepEqual(callFunction('tolist', [[1, 'a']]), [1, 'a']);
    assert.deepEqual(callFunction('keys', [{ b: 1, a: 2 }]), ['a', 'b']);
    assert.deepEqual(callFunction('values', [{ b: 1, a: 2 }]), [2, 1]);
    assert.deepEqual(callFunction('flatten', [[1, [2, [3]]]]), [1, 2, 3]);
    assert.deepEqual(callFunction('distinct', [[1, 1, 'a', 'a']]), [1, 'a']);
    assert.equal(callFunction('lookup', [{ a: 1 }, 'b', 7]), 7);
    assert.equal(callFunction('contains', [['a'], 'a']), true);
  });

  test('wrong argument types, unknown names and prototype keys give undefined (unknown), never throw', () => {
    assert.equal(callFunction('lower', [1]), undefined);
    assert.equal(callFunction('merge', [{ a: 1 }, 'x']), undefined);
    assert.equal(callFunction('toset', [[1, 'a']]), undefined);
    assert.equal(callFunction('file', ['x.txt']), undefined);
    assert.equal(callFunction('constructor', []), undefined);
    assert.equal(callFunction('__proto__', []), undefined);
    assert.equal(callFunction('lookup', [{ a: 1 }, 'b']), undefined);
  });
});

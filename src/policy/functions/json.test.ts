import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@marcbachmann/cel-js';
import fc from 'fast-check';
import { toCel } from '../cel/values.ts';
import { jsonDecode, jsonFunctions } from './json.ts';

function env(): Environment {
  const e = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  e.registerVariable('object', 'dyn');
  for (const fn of jsonFunctions.functions) {
    e.registerFunction(fn.signature, fn.handler as (...args: unknown[]) => unknown);
  }
  return e;
}

describe('jsonDecode', () => {
  it('decodes objects with integral numbers as ints', () => {
    assert.deepEqual(jsonDecode('{"Version":"2012-10-17","N":3,"F":1.5,"L":[true,null]}'), {
      Version: '2012-10-17',
      N: 3n,
      F: 1.5,
      L: [true, null],
    });
  });

  it('passes structured values through and returns null for everything else', () => {
    const map = { Statement: [] };
    assert.equal(jsonDecode(map), map);
    assert.equal(jsonDecode('{"a":'), null);
    assert.equal(jsonDecode(null), null);
    assert.equal(jsonDecode(42n), null);
    assert.equal(jsonDecode('['.repeat(100_000)), null);
  });

  it('lets a rule reach into an IAM policy string in CEL', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: ['*'] }] });
    const result = env().evaluate(
      "jsonDecode(object.policy).?Statement.orValue([]).exists(s, s.Action == '*' && '*' in s.Resource)",
      { object: { policy } },
    );
    assert.equal(result, true);
    assert.equal(env().evaluate('jsonDecode(object.policy) == null', { object: { policy: null } }), true);
  });

  it('never throws and agrees with JSON.parse on arbitrary text (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        let expected: unknown = null;
        try {
          expected = toCel(JSON.parse(text));
        } catch {
          expected = null;
        }
        assert.deepEqual(jsonDecode(text), expected);
      }),
      { numRuns: 300 },
    );
  });
});

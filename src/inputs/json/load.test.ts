import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadJson } from './load.ts';

const TEXT = `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "web", "labels": {"a.b/c": "x"}},
  "spec": {
    "containers": [
      {"name": "app", "image": "nginx", "ports": [80, 443.5]},
      {
        "name": "side",
        "securityContext": {"privileged": true}
      }
    ]
  }
}
`;

describe('loadJson', () => {
  it('reads the value and one document', () => {
    const result = loadJson('pod.json', TEXT);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.value, JSON.parse(TEXT));
    assert.equal(result.documents.length, 1);
    assert.equal(result.documents[0]?.value, result.value);
  });

  it('positions: member spans key to value end, element spans the element, 1-based', () => {
    const { positions, range } = loadJson('pod.json', TEXT);
    const at = (p: string) => {
      const x = positions.get(p);
      return x && [x.start.line, x.start.column, x.end.line, x.end.column];
    };
    assert.deepEqual(at('apiVersion'), [2, 3, 2, 21]);
    assert.deepEqual(at('metadata.labels["a.b/c"]'), [4, 42, 4, 54]);
    assert.deepEqual(at('spec.containers[0].ports[1]'), [7, 55, 7, 60]);
    assert.deepEqual(at('spec.containers[1]'), [8, 7, 11, 8]);
    assert.deepEqual(at('spec.containers[1].securityContext.privileged'), [10, 29, 10, 47]);
    assert.deepEqual(at(''), [1, 1, 14, 2]);
    assert.deepEqual(range, positions.get(''));
  });

  it('syntax error → problem with line and column, no value', () => {
    const result = loadJson('bad.json', '{\n  "a": [1,\n}\n');
    assert.equal(result.value, undefined);
    assert.equal(result.documents.length, 0);
    assert.equal(result.problems[0]?.file, 'bad.json');
    assert.match(result.problems[0]?.message ?? '', /^JSON syntax error: .*\(line 3, column 1\)$/);
    assert.equal(result.problems[0]?.range?.start.line, 3);
  });

  it('deep nesting is refused before parsing, with its line', () => {
    const text = `{"a":\n${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const result = loadJson('deep.json', text);
    assert.equal(result.value, undefined);
    assert.match(result.problems[0]?.message ?? '', /deeper than 200/);
    assert.equal(result.problems[0]?.range?.start.line, 2);
    assert.equal(
      loadJson('ok.json', '{"a": "[[[[[[[[["}', { maxDepth: 2 }).problems.length,
      0,
      'brackets in strings do not count',
    );
  });

  it('a byte-order mark is tolerated', () => {
    const result = loadJson('bom.json', '\uFEFF{\n"a": 1}');
    assert.deepEqual(result.value, { a: 1 });
    assert.equal(result.positions.get('a')?.start.line, 2);
  });

  it('size limit', () => {
    const result = loadJson('big.json', `"${'x'.repeat(100)}"`, { maxFileSize: 50 });
    assert.match(result.problems[0]?.message ?? '', /too large/);
  });

  it('__proto__ is data', () => {
    const value = loadJson('p.json', '{"__proto__": {"polluted": 1}}').value as object;
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });

  it('fuzz: never throws; agrees with JSON.parse on valid JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 6 })), (text) => {
        const result = loadJson('f.json', text);
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          assert.equal(result.value, undefined);
          assert.equal(result.problems.length, 1);
          return;
        }
        assert.deepEqual(result.value, expected);
      }),
      { numRuns: 400 },
    );
  });
});

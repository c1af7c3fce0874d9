import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyLines } from './json-lines.ts';

test('keyLines: lines of the wanted objects only, escaped keys decoded, arrays as #', () => {
  const text =
    '{\n "a": {\n  "x\\"y": 1,\n  "b": {"c": 2}\n },\n "l": [\n  {"k": "v,{["}\n ],\n "d": {"x": 3}\n}';
  const lines = keyLines(text, (p) => p.length === 1 || (p[0] === 'l' && p[1] === '#'));
  assert.deepEqual(Object.fromEntries([...lines].map(([k, v]) => [k.replaceAll('\u0000', '/'), v])), {
    'a/x"y': 3,
    'a/b': 4,
    'l/#/k': 7,
    'd/x': 9,
  });
});

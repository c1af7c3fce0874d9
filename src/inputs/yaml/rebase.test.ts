import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceRange } from '../../core/location.ts';
import { rebasePositions } from './rebase.ts';

const r = (line: number): SourceRange => ({ start: { line, column: 1 }, end: { line, column: 2 } });

describe('rebasePositions', () => {
  it('splits list items and makes paths relative to each item', () => {
    const positions = new Map([
      ['', r(1)],
      ['kind', r(1)],
      ['items[1].kind', r(2)],
      ['items[1]', r(2)],
      ['items[10].spec.containers[0]', r(3)],
      ['items[10]', r(3)],
    ]);
    const [one, ten] = rebasePositions(positions, 'items', ['items[1]', 'items[10]']);
    assert.deepEqual(
      [...(one ?? [])],
      [
        ['kind', r(2)],
        ['', r(2)],
      ],
    );
    assert.deepEqual(
      [...(ten ?? [])],
      [
        ['spec.containers[0]', r(3)],
        ['', r(3)],
      ],
    );
  });

  it('handles dotted and quoted map children without confusing prefixes', () => {
    const positions = new Map([
      ['Resources.A.Type', r(1)],
      ['Resources.AB.Type', r(2)],
      ['Resources["a.b"].Properties["x.y"]', r(3)],
      ['Outputs.A', r(4)],
    ]);
    const [a, ab, quoted] = rebasePositions(positions, 'Resources', [
      'Resources.A',
      'Resources.AB',
      'Resources["a.b"]',
    ]);
    assert.deepEqual([...(a ?? [])], [['Type', r(1)]]);
    assert.deepEqual([...(ab ?? [])], [['Type', r(2)]]);
    assert.deepEqual([...(quoted ?? [])], [['Properties["x.y"]', r(3)]]);
  });

  it('children of the root', () => {
    const [a] = rebasePositions(
      new Map([
        ['a.b', r(1)],
        ['ab', r(2)],
        ['a', r(3)],
      ]),
      '',
      ['a'],
    );
    assert.deepEqual(
      [...(a ?? [])],
      [
        ['b', r(1)],
        ['', r(3)],
      ],
    );
  });
});

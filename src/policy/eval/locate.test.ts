import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SourceRange } from '../../core/location.ts';
import type { InputDocument } from '../../inputs/document.ts';
import { appendPath, parsePath } from '../../inputs/path.ts';
import { locate } from './locate.ts';

const at = (line: number): SourceRange => ({ start: { line, column: 1 }, end: { line, column: 2 } });

function doc(paths: readonly string[]): InputDocument {
  return {
    type: 'kubernetes',
    file: 'a.yaml',
    kind: 'Pod',
    name: 'p',
    object: {},
    range: at(1),
    positions: new Map(paths.map((p, i) => [p, at(i + 2)])),
    unknownPaths: new Set(),
    expressions: {},
    extras: {},
  };
}

/** The definition: the range of the longest existing prefix, by parsed segments. */
function reference(d: InputDocument, path: string): SourceRange {
  if (path === '') return d.range;
  const segments = parsePath(path);
  if (!segments) return d.range;
  let best = d.range;
  let current = '';
  for (const segment of segments) {
    current = appendPath(current, segment);
    best = d.positions.get(current) ?? best;
  }
  return best;
}

describe('locate', () => {
  it('returns the path, else its nearest existing ancestor, else the document', () => {
    const d = doc(['spec', 'spec.containers', 'spec.containers[0]', 'metadata.annotations["a.b/c"]']);
    assert.equal(locate(d, 'spec.containers[0].resources.limits.cpu').start.line, 4);
    assert.equal(locate(d, 'spec.containers[1].image').start.line, 3);
    assert.equal(locate(d, 'spec').start.line, 2);
    assert.equal(locate(d, 'status.phase').start.line, 1);
    assert.equal(locate(d, 'metadata.annotations["a.b/c"].x').start.line, 5);
    assert.equal(locate(d, '').start.line, 1);
  });

  it('agrees with the segment-by-segment definition on any plain or quoted path', () => {
    const key = fc.oneof(
      fc.constantFrom('spec', 'a', 'b', 'c-d', '$x'),
      fc.constantFrom('a.b', 'x[0]', 'q"'),
    );
    const segment = fc.oneof(key, fc.nat({ max: 3 }));
    const path = fc
      .array(segment, { minLength: 1, maxLength: 5 })
      .map((segments) => segments.reduce<string>((p, s) => appendPath(p, s), ''))
      .filter((p) => !p.startsWith('['));
    fc.assert(
      fc.property(fc.array(path, { maxLength: 8 }), path, (existing, probe) => {
        const d = doc(existing);
        assert.deepEqual(locate(d, probe), reference(d, probe));
      }),
      { numRuns: 2000 },
    );
  });
});

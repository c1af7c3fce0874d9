import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandArgs, parseImageRef } from './image-ref.ts';
import { execFormArgs, joinContinuations, shellWords } from './words.ts';

describe('dockerfile text rules', () => {
  test('joinContinuations: escape + newline removed, comment lines inside dropped, other newlines kept', () => {
    assert.equal(joinContinuations('a \\\n  # c\n  b \\  \n c', '\\'), 'a   b  c');
    assert.equal(joinContinuations('<<EOT\nx\nEOT', '\\'), '<<EOT\nx\nEOT');
    assert.equal(joinContinuations('a `\r\nb', '`'), 'a b');
    assert.equal(joinContinuations('ends with \\', '\\'), 'ends with \\');
  });

  test('shellWords: quotes, escapes, empty quoted words', () => {
    assert.deepEqual(shellWords(`a "b c" 'd e' f\\ g "h\\"i" '' x"y"z`), [
      'a',
      'b c',
      'd e',
      'f g',
      'h"i',
      '',
      'xyz',
    ]);
    assert.deepEqual(shellWords('  '), []);
    assert.deepEqual(shellWords('"unterminated'), ['unterminated']);
  });

  test('execFormArgs: JSON arrays of strings only', () => {
    assert.deepEqual(execFormArgs(' ["a", "b c"] '), ['a', 'b c']);
    assert.equal(execFormArgs('["a", 1]'), undefined);
    assert.equal(execFormArgs("['a']"), undefined);
    assert.equal(execFormArgs('echo [x]'), undefined);
  });

  test('parseImageRef: Docker reference grammar', () => {
    assert.deepEqual(parseImageRef('nginx'), { image: 'nginx', registry: null, tag: null, digest: null });
    assert.deepEqual(parseImageRef('library/nginx:1.27'), {
      image: 'library/nginx',
      registry: null,
      tag: '1.27',
      digest: null,
    });
    assert.deepEqual(parseImageRef('localhost:5000/app@sha256:ab'), {
      image: 'localhost:5000/app',
      registry: 'localhost:5000',
      tag: null,
      digest: 'sha256:ab',
    });
    assert.equal(parseImageRef('localhost/app').registry, 'localhost');
    assert.equal(parseImageRef('ghcr.io/o/r:v1').registry, 'ghcr.io');
  });

  test('expandArgs: defaults known, declared-without-default unknown', () => {
    const args = new Map<string, string | null>([
      ['A', 'x'],
      ['N', null],
    ]);
    assert.equal(expandArgs('${A}-$A-${A:-d}-${B:-d}', args), 'x-x-x-d');
    assert.equal(expandArgs('${N:-d}', args), undefined);
    assert.equal(expandArgs('img', args), 'img');
  });
});

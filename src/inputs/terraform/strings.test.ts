import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { stripHeredocIndent, unescapeQuoted, unescapeTemplate } from './strings.ts';

describe('HCL strings (HCL native syntax spec, template literals)', () => {
  test('quoted escapes', () => {
    assert.equal(unescapeQuoted('a\\nb\\rc\\td\\"e\\\\f'), 'a\nb\rc\td"e\\f');
    assert.equal(unescapeQuoted('\\u00e9\\U0001F600'), 'é😀');
    assert.equal(unescapeQuoted('$${x} %%{y}'), '${x} %{y}');
  });

  test('unknown or malformed escapes are kept as written', () => {
    assert.equal(unescapeQuoted('\\q \\u12 \\UFFFFFFFF \\'), '\\q \\u12 \\UFFFFFFFF \\');
  });

  test('heredocs only undo doubled template introducers', () => {
    assert.equal(unescapeTemplate('\\n $${a} %%{b}'), '\\n ${a} %{b}');
  });

  test('<<- strips the smallest indentation of non-blank lines', () => {
    assert.deepEqual(stripHeredocIndent(['    a\n      b\n\n    c\n']), ['a\n  b\n\nc\n']);
    assert.deepEqual(stripHeredocIndent(['\t\ta\n\t\t\tb\n']), ['a\n\tb\n']);
  });

  test('an interpolation at line start counts as content; its indentation is in the literal before it', () => {
    assert.deepEqual(stripHeredocIndent(['    a\n  ', null, '\n']), ['  a\n', null, '\n']);
    assert.deepEqual(stripHeredocIndent(['    a\n', null, '\n']), ['    a\n', null, '\n']);
  });

  test('fuzz: stripping never adds text and never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constant(null)), { maxLength: 6 }), (pieces) => {
        const out = stripHeredocIndent(pieces);
        assert.equal(out.length, pieces.length);
        out.forEach((piece, i) => {
          if (piece === null) assert.equal(pieces[i], null);
          else assert.ok(piece.length <= (pieces[i] as string).length);
        });
      }),
    );
  });
});

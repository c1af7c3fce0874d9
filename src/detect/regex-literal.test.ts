import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { regexLiteral } from './regex-literal.ts';

test('regex prefilter literal: only text every match must contain', () => {
  assert.equal(regexLiteral('Invoke-Mimikatz'), 'invoke-mimikatz');
  assert.equal(regexLiteral('abc(def)?ghij'), 'ghij');
  assert.equal(regexLiteral('abcd?e'), 'abc');
  assert.equal(regexLiteral('x{2}yyy'), 'yyy');
  assert.equal(regexLiteral('a|bbbb'), '');
  assert.equal(regexLiteral('\\.exe\\s+-enc'), '.exe');
  assert.equal(regexLiteral('[a-z]+\\\\temp\\\\'), '\\temp\\');
  assert.equal(regexLiteral('(?i)powershell'), 'powershell');
});

test('regex prefilter literal: whenever a regex matches, its literal is in the lowercased text', () => {
  const atom = fc.constantFrom(
    'ab',
    'cd',
    'x',
    '.',
    '\\.',
    'e?',
    'f*',
    'g+',
    '(h|ij)',
    '[kl]',
    'm{1,2}',
    '\\d',
    'no',
  );
  fc.assert(
    fc.property(
      fc.array(atom, { minLength: 1, maxLength: 8 }),
      fc.string({ maxLength: 30 }),
      (parts, text) => {
        const source = parts.join('');
        const re = new RegExp(source);
        const sample = text + source.replace(/[\\()[\]|?*+{}]/g, '');
        for (const t of [text, sample])
          if (re.test(t)) assert.ok(t.toLowerCase().includes(regexLiteral(source)), `${source} on ${t}`);
      },
    ),
    { numRuns: 2000 },
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { element, escapeAttribute, escapeText } from './xml.ts';

const HOSTILE = 'a < b && c > d ]]> "q" \'s\' \u0000\u0001\u001b[31m \ud800 \uffff tab\tline\nbreak\r';

test('xml: escapeText escapes markup and makes forbidden characters visible', () => {
  assert.equal(escapeText('a < b & c > d ]]>'), 'a &lt; b &amp; c &gt; d ]]&gt;');
  assert.equal(escapeText('\u0000\u001b\ud800\uffff'), '\\u0000\\u001b\\ud800\\uffff');
  // Allowed characters stay: tab, newline, astral code points (a valid surrogate pair).
  assert.equal(escapeText('\t\n😀'), '\t\n😀');
});

test('xml: escapeAttribute also escapes quotes and keeps whitespace as character references', () => {
  assert.equal(escapeAttribute(`"'\t\n\r`), '&quot;&apos;&#9;&#10;&#13;');
});

test('xml: hostile text survives a round trip through a real XML parser', () => {
  const xml = element('failure', { message: HOSTILE }, escapeText(HOSTILE));
  assert.equal(XMLValidator.validate(xml), true);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    trimValues: false,
    processEntities: true,
    htmlEntities: true,
  }).parse(xml);
  const visible = HOSTILE.replace('\u0000', '\\u0000')
    .replace('\u0001', '\\u0001')
    .replace('\u001b', '\\u001b')
    .replace('\ud800', '\\ud800')
    .replace('\uffff', '\\uffff');
  assert.equal(parsed.failure['@message'], visible);
  assert.equal(parsed.failure['#text'], visible);
});

test('xml: any string yields well-formed XML in text and attributes (fuzz)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      const xml = `<r>${element('e', { a: text }, escapeText(text))}</r>`;
      assert.equal(XMLValidator.validate(xml), true, JSON.stringify(text));
      assert.doesNotMatch(xml, /]]>/);
    }),
    { numRuns: 500 },
  );
});

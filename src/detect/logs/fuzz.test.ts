import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectFormat, LOG_FORMATS } from './registry.ts';
import { parseAll, readFixture } from './test-helpers.ts';

/** Text built from the characters that matter to these parsers, plus fixture fragments. */
const SPECIAL = [
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  '\n',
  '\r',
  ' ',
  ':',
  '=',
  "'",
  '<',
  '>',
  '-',
  '\u001d',
  '\uFEFF',
  'é',
];
const FRAGMENTS = [
  'events.jsonl',
  'sysmon.evtx.json',
  'rfc5424.log',
  'rfc3164.log',
  'auth.log',
  'access.log',
  'audit.log',
  'k8s-audit.jsonl',
  'cloudtrail.json',
].map(readFixture);

const hostile = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.array(fc.constantFrom(...SPECIAL), { maxLength: 400 }).map((a) => a.join('')),
  // Real records, cut and spliced at random points.
  fc
    .tuple(fc.constantFrom(...FRAGMENTS), fc.nat(), fc.nat(), fc.constantFrom(...SPECIAL))
    .map(([t, a, b, s]) => {
      const i = a % (t.length + 1);
      const j = b % (t.length + 1);
      return t.slice(0, Math.min(i, j)) + s + t.slice(Math.max(i, j));
    }),
);

describe('fuzzing every log format (never throws, bounded output, chunking does not matter)', () => {
  for (const format of LOG_FORMATS) {
    it(`${format.name}: arbitrary text in arbitrary chunks`, () => {
      fc.assert(
        fc.property(hostile, fc.integer({ min: 1, max: 64 }), (text, chunk) => {
          const whole = parseAll(format, text);
          const chunked = parseAll(format, text, { chunk });
          // Every event and problem points at a real line of the input.
          const lines = text.split('\n').length;
          for (const e of whole.events) assert.ok(e.source.line >= 1 && e.source.line <= lines);
          for (const p of whole.problems) assert.ok(p.line >= 1 && p.line <= lines);
          assert.ok(whole.events.length + whole.problems.length <= lines * 2 + 2);
          assert.deepEqual(chunked, whole);
          format.sniff(text, 'x.log');
        }),
        { numRuns: 300 },
      );
    });
  }

  it('detectFormat never throws and always names a format', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        assert.ok(LOG_FORMATS.includes(detectFormat(text)));
      }),
      { numRuns: 300 },
    );
  });
});

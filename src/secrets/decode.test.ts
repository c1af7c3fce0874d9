import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { KeywordMatcher } from './aho-corasick.ts';
import {
  decodeRun,
  ENCODED_ALPHABET,
  encodedSpans,
  MIN_ENCODED_RUN,
  mayDecode,
  spansFromRuns,
} from './decode.ts';

test('readable base64, base64url and hex runs are decoded; hashes and identifiers are not', () => {
  const b64 = Buffer.from('password=hunter2hunter2').toString('base64');
  const url = Buffer.from('token=ab?cd>>ef??gh>>~~').toString('base64url');
  const hex = Buffer.from('api_key=0123456789abcdef').toString('hex');
  const hash = 'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR/HGmsXnw==';
  const text = `a ${b64} b ${url} c ${hex} d ${hash} thisIsAVeryLongIdentifierName`;
  const spans = encodedSpans(text);
  assert.deepEqual(
    spans.map((s) => [s.encoding, s.decoded]),
    [
      ['base64', 'password=hunter2hunter2'],
      ['base64', 'token=ab?cd>>ef??gh>>~~'],
      ['hex', 'api_key=0123456789abcdef'],
    ],
  );
  assert.equal(text.slice(spans[0]?.start, spans[0]?.end), b64);
});

test('the keyword pass finds the same candidate runs as the standalone scan', () => {
  const m = new KeywordMatcher(['key', 'ghp_']);
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.constantFrom('key', ' ', '\n', '==', 'é', Buffer.from('secret=abcdefghijkl').toString('base64')),
          fc.string({ unit: fc.constantFrom('A', 'b', '0', '+', '/', '_', '-', '=', ' '), maxLength: 40 }),
        ),
        { maxLength: 20 },
      ),
      (parts) => {
        const text = Buffer.from(parts.join(''), 'utf8');
        const runs: number[] = [];
        m.findWithRuns(text, ENCODED_ALPHABET, MIN_ENCODED_RUN, runs);
        assert.deepEqual(spansFromRuns(text, runs), encodedSpans(text));
      },
    ),
    { numRuns: 500 },
  );
});

test('the byte prefilter rejects only runs that would not decode (necessary condition)', () => {
  const readable = fc
    .string({ minLength: 8, maxLength: 40 })
    .chain((s) =>
      fc.constantFrom(
        Buffer.from(s).toString('base64'),
        Buffer.from(s).toString('base64url'),
        Buffer.from(s).toString('hex'),
      ),
    );
  const noise = fc.string({
    unit: fc.constantFrom('A', 'F', 'Z', 'a', 'f', 'z', '0', '9', '+', '/', '_', '-', '='),
    minLength: 20,
    maxLength: 80,
  });
  fc.assert(
    fc.property(fc.oneof(readable, noise), (run) => {
      const bytes = Buffer.from(run, 'latin1');
      if (decodeRun(run, 0) !== undefined) assert.ok(mayDecode(bytes, 0, bytes.length), run);
    }),
    { numRuns: 3000 },
  );
});

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { KeywordMatcher } from './aho-corasick.ts';
import { type DecodedLine, decodeEscapedLines, decodeEscapedLinesAt, ESCAPE_STARTS } from './escapes.ts';
import { loadBuiltinSecrets } from './load.ts';
import { secretHash } from './redact.ts';
import { SecretScanner } from './scanner.ts';

const SAMPLE = loadBuiltinSecrets(path.resolve(import.meta.dirname, '../../test/fixtures/secrets/rules'));
const AWS = 'AKIAQYLPMN5HHHFPZAM2';
const PAT = 'ghp_8kZr2QmX7vN4pL9sT1wY6bH3cJ5dF0gA2eKu';
const percent = (s: string): string =>
  [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
const unicode = (s: string): string =>
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

test('lines with percent or \\u escapes of printable ASCII are decoded in place, others left alone', () => {
  const text = Buffer.from(
    `plain line\nurl=https://x.test/?p=a%40b%2Fc d\nprintf("%02x %s", v)\n"k": "\\u0041\\\\u0042\\u00e9"`,
  );
  const lines = decodeEscapedLines(text);
  assert.deepEqual(
    lines.map((l) => [l.bytes.toString(), l.kinds]),
    [
      ['url=https://x.test/?p=a@b/c d', ['percent']],
      ['"k": "AB\\u00e9"', ['unicode']],
    ],
  );
  // The map sends decoded bytes back to their escapes in the text.
  const url = lines[0];
  const at = url?.bytes.indexOf('@') ?? -1;
  assert.equal(text.toString('latin1', url?.offsetOf(at), url?.offsetOf(at + 1)), '%40');
  assert.equal(url?.offsetOf(url.bytes.length), url?.end);
});

test('escape decoding agrees with a regex reference and maps every byte back, from its own search or the keyword pass (fuzzed)', () => {
  // As the scanner finds the escape starts: a keyword pass with ESCAPE_STARTS as a sequence group.
  const passes = [
    new KeywordMatcher(['secret'], { sequences: [ESCAPE_STARTS] }),
    new KeywordMatcher(['secret'], { sequences: [ESCAPE_STARTS], wasm: { chunk: 16, split: 8 } }),
    new KeywordMatcher([], { sequences: [ESCAPE_STARTS], wasm: false }),
  ];
  const fromPass = (m: KeywordMatcher, text: Buffer) => {
    const id = m.keywords.length;
    const wanted = new Uint8Array(m.ids);
    wanted[id] = 1;
    const out: number[] = [];
    m.findWithRuns(text, undefined, 0, undefined, { wanted, out });
    return decodeEscapedLinesAt(
      text,
      out.filter((_, k) => k % 2 === 1 && out[k - 1] === id),
    );
  };
  const part = fc.oneof(
    fc.constantFrom('a', 'Z', '9', ' ', '%', '\\', 'u', '\n', '=', '"'),
    fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
    fc.integer({ min: 0, max: 0x2ff }).map((c) => `\\u${c.toString(16).padStart(4, '0')}`),
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => `\\\\u00${c.toString(16).toUpperCase()}`),
  );
  fc.assert(
    fc.property(fc.array(part, { maxLength: 40 }), (parts) => {
      const source = parts.join('');
      const text = Buffer.from(source, 'latin1');
      const decoded = decodeEscapedLines(text);
      const expected: string[] = [];
      for (const line of source.split('\n')) {
        const out = line.replace(/%([0-9A-Fa-f]{2})|\\{1,2}u([0-9A-Fa-f]{4})/g, (m, p: string, u: string) => {
          const v = Number.parseInt(p ?? u, 16);
          return v >= 0x20 && v <= 0x7e ? String.fromCharCode(v) : m;
        });
        if (out !== line) expected.push(out);
      }
      assert.deepEqual(
        decoded.map((l) => l.bytes.toString('latin1')),
        expected,
      );
      const plain = (lines: DecodedLine[]) =>
        lines.map(({ start, end, bytes, kinds, offsetOf }) => ({
          start,
          end,
          bytes,
          kinds,
          offsets: Array.from({ length: bytes.length + 1 }, (_, i) => offsetOf(i)),
        }));
      for (const m of passes) assert.deepEqual(plain(fromPass(m, text)), plain(decoded));
      for (const l of decoded) {
        assert.equal(l.offsetOf(l.bytes.length), l.end);
        for (let i = 0; i < l.bytes.length; i++) {
          const from = l.offsetOf(i);
          const to = l.offsetOf(i + 1);
          assert.ok(from >= l.start && to > from && to <= l.end);
          const written = text.toString('latin1', from, to);
          const byte = String.fromCharCode(l.bytes[i] as number);
          assert.ok(written === byte || /^(%[0-9a-f]{2}|\\{1,2}u00[0-9a-f]{2})$/i.test(written), written);
        }
      }
    }),
    { numRuns: 1000 },
  );
});

test('hostile input: long lines, many escapes and lone % or \\ never throw and stay bounded', () => {
  const many = Buffer.from(`${'%41'.repeat(200_000)}\n${'x%\\u\\\\u%4'.repeat(10_000)}`);
  const lines = decodeEscapedLines(many);
  // The first line is longer than 64 KiB: skipped, not decoded in part.
  assert.equal(lines.length, 0);
  const lots = Buffer.from(Array.from({ length: 2000 }, () => 'k=%41').join('\n'));
  assert.equal(decodeEscapedLines(lots).length, 500);
});

test('percent-encoded and \\u-escaped secrets are found, located on the escapes, redacted', () => {
  const s = new SecretScanner(SAMPLE);
  const encoded = percent(PAT);
  const line = `curl "https://api.test/?token=${encoded}&x=1"`;
  const [m, ...rest] = s.scan(`# fetch\n${line}\n`, { path: 'run.sh' });
  assert.equal(rest.length, 0);
  assert.equal(m?.ruleId, 'github-pat');
  assert.deepEqual(m?.decodedFrom, ['percent']);
  assert.equal(m?.secretHash, secretHash(PAT));
  const col = line.indexOf(encoded) + 1;
  assert.deepEqual([m?.line, m?.column, m?.endLine, m?.endColumn], [2, col, 2, col + encoded.length]);
  assert.ok(!JSON.stringify(m).includes(PAT.slice(4)) && !JSON.stringify(m).includes(encoded));

  // JSON with \u escapes around a partly escaped key: context and plain parts kept.
  const json = `{"aws": "${unicode(AWS.slice(0, 4))}${AWS.slice(4)}"}`;
  const [u] = s.scan(json, { path: 'a.json' });
  assert.equal(u?.ruleId, 'aws-access-key-id');
  assert.deepEqual(u?.decodedFrom, ['unicode']);
  assert.deepEqual([u?.column, u?.endColumn], [json.indexOf('\\') + 1, json.lastIndexOf('"') + 1]);

  // Encoded twice: %2541 → %41 → A, found at depth 2 only.
  const twice = percent(PAT).replaceAll('%', '%25');
  assert.deepEqual(
    s.scan(`t=${twice}`, { path: 'a' }).map((x) => x.decodedFrom.join()),
    ['percent,percent'],
  );
  assert.equal(new SecretScanner(SAMPLE, { maxDecodeDepth: 1 }).scan(`t=${twice}`, { path: 'a' }).length, 0);
});

test('escapes give no false positives: allowlists apply to the decoded secret, plain finds are not doubled', () => {
  const s = new SecretScanner(SAMPLE);
  // The allowlisted documentation key, percent-encoded.
  assert.deepEqual(s.scan(`k=${percent('AKIAIOSFODNN7EXAMPLE')}`, { path: 'a' }), []);
  assert.deepEqual(s.scan('printf("%02x%02x", a, b); width: 100%; "\\u00e9t\\u00e9"', { path: 'a.c' }), []);
  // A plain token on a line that also has escapes: one finding, the plain one.
  const found = s.scan(`t=${PAT}&next=%2Fhome%2Fx`, { path: 'a' });
  assert.deepEqual(
    found.map((m) => [m.ruleId, m.decodedFrom.length]),
    [['github-pat', 0]],
  );
});

/**
 * Differential tests for the engine's fast paths: scanning the bytes the collector read (instead
 * of encoding the text again), the byte-level run prefilter of the decoder, the breadth-first
 * keyword automaton and anchored patterns (src/secrets/anchors.ts) must give exactly the findings of the plain path, rule by rule, over every
 * fixture line and a generated source tree (the bench corpus, smaller).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { generateSecretsCorpus } from '../../bench/secrets-corpus.ts';
import { collect } from '../scan/collect/collect.ts';
import { KeywordMatcher } from './aho-corasick.ts';
import { decodeRun, mayDecode } from './decode.ts';
import { loadBuiltinSecrets } from './load.ts';
import { SecretScanner } from './scanner.ts';
import { readFixture } from './testing/fixtures.ts';

const DIR = path.resolve(import.meta.dirname, '../../rules/secrets');
const config = loadBuiltinSecrets(DIR);
const tree = mkdtempSync(path.join(tmpdir(), 'rampart-secrets-fast-'));
after(() => rmSync(tree, { recursive: true, force: true }));
generateSecretsCorpus(tree, 2 * 1024 * 1024);
const fixtureTexts = config.rules.flatMap((r) => {
  const c = readFixture(path.join(DIR, 'fixtures', `${r.id}.yaml`));
  return [...c.truePositives, ...c.falsePositives];
});
// Fixture lines inside ordinary files too (many rules triggered per text, secrets among code),
// plus a BOM and an invalid UTF-8 file (which the collector hands over as text only).
const plain = fixtureTexts.filter((t) => t.path === 'fixture.txt').map((t) => t.text);
for (let i = 0; i < plain.length; i += 25) {
  const code = 'const value = await getToken(options.account);\n'.repeat(1 + (i % 7));
  writeFileSync(path.join(tree, `mixed-${i}.ts`), `${code}${plain.slice(i, i + 25).join(`\n${code}`)}\n`);
}
writeFileSync(path.join(tree, 'bom.env'), `\ufeff${plain.slice(0, 40).join('\n')}`);
writeFileSync(
  path.join(tree, 'latin1.env'),
  Buffer.concat([Buffer.from(`${plain.slice(40, 80).join('\n')}\n`), Buffer.from([0xe9, 0x0a])]),
);
const { files } = await collect({ root: tree });

test('the collector keeps the bytes of valid UTF-8 files, and they encode the text exactly', () => {
  assert.ok(files.length > 100, `only ${files.length} files generated`);
  for (const f of files) {
    if (f.path === 'latin1.env') {
      assert.equal(f.bytes, undefined, 'invalid UTF-8: the decoded text is what is scanned');
      continue;
    }
    assert.ok(f.bytes, `${f.path}: no bytes kept`);
    assert.ok(Buffer.from(f.content, 'utf8').equals(f.bytes), `${f.path}: bytes differ from the text`);
  }
});

test('bytes and text give the same findings: every fixture line', () => {
  // The reference runs every triggered rule's own pattern (no RE2 set) over the whole encoded text.
  const reference = new SecretScanner(config, { hotRules: { size: 0 }, anchored: false });
  const fast = new SecretScanner(config, { hotRules: { warmup: 0, minShare: 0 } });
  let found = 0;
  for (const t of fixtureTexts) {
    const expected = reference.scan(t.text, { path: t.path });
    found += expected.length;
    assert.deepEqual(fast.scan(Buffer.from(t.text, 'utf8'), { path: t.path }), expected, t.text);
    // A plain Uint8Array (not a Buffer) is accepted the same way.
    const u8 = new Uint8Array(Buffer.from(t.text, 'utf8'));
    assert.deepEqual(fast.scan(u8, { path: t.path }), expected, t.text);
  }
  assert.ok(found > config.rules.length, `only ${found} findings over the fixtures`);
});

test('bytes and text give the same findings: generated source tree, rule by rule', () => {
  const reference = new SecretScanner(config, { hotRules: { size: 0 }, anchored: false });
  const fast = new SecretScanner(config);
  const count = new Map<string, number>();
  for (const f of files) {
    const expected = reference.scan(f.content, { path: f.path });
    for (const m of expected) count.set(m.ruleId, (count.get(m.ruleId) ?? 0) + 1);
    assert.deepEqual(fast.scan(f.bytes ?? f.content, { path: f.path }), expected, f.path);
  }
  assert.ok(count.size >= 100, `only ${count.size} rules found anything: ${[...count.keys()].join(', ')}`);
});

test('keyword pass and encoded-run prefilter agree with naive checks on the tree', () => {
  const matcher = new KeywordMatcher(config.rules.flatMap((r) => r.keywords));
  for (const f of files.slice(0, 300)) {
    const lower = f.content.toLowerCase();
    const expected = matcher.keywords.filter((k) => lower.includes(k)).sort();
    const found = matcher
      .find(f.content)
      .map((id) => matcher.keywords[id] as string)
      .sort();
    assert.deepEqual(found, expected, f.path);
  }
  // The decoder's byte prefilter never rejects a run that decoding keeps (decode.test.ts has the
  // property test; here every run of the tree).
  let runs = 0;
  let spans = 0;
  for (const text of [...files.map((f) => f.content), ...fixtureTexts.map((t) => t.text)]) {
    const bytes = Buffer.from(text, 'utf8');
    for (const m of text.matchAll(/[A-Za-z0-9+/_-]{20,}={0,2}/g)) {
      const start = Buffer.byteLength(text.slice(0, m.index), 'utf8');
      const end = start + m[0].length;
      const decoded = decodeRun(m[0], start);
      runs++;
      if (decoded) spans++;
      assert.ok(!decoded || mayDecode(bytes, start, end), m[0]);
    }
  }
  assert.ok(runs > 1000 && spans > 5, `only ${runs} runs and ${spans} decoded spans checked`);
});

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { HotRules } from './hot-rules.ts';
import { loadBuiltinSecrets } from './load.ts';
import { regexFor } from './regex.ts';
import { SecretScanner } from './scanner.ts';
import { readFixture } from './testing/fixtures.ts';

const DIR = path.resolve(import.meta.dirname, '../../rules/secrets');
const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

test('after the warm-up, frequent candidates that cannot match are filtered out', () => {
  const hot = new HotRules(['ghp_[a-z]{4}', 'AKIA[A-Z2-7]{4}', 'xoxb-[0-9]+', undefined], { warmup: 1 });
  // Warm-up: nothing filtered while the counts are gathered.
  assert.deepEqual(hot.filter(bytes('nothing here'), [0, 1, 2]), [0, 1, 2]);
  assert.deepEqual(hot.filter(bytes('token ghp_abcd and xoxb-12'), [0, 1, 2]), [0, 2]);
  assert.deepEqual(hot.filter(bytes('nothing'), [0, 1, 2]), []);
  // A single member costs one pass either way: not filtered.
  assert.deepEqual(hot.filter(bytes('nothing'), [1]), [1]);
  // Rules that are not members (here: path-only) are always kept.
  assert.deepEqual(hot.filter(bytes('nothing'), [0, 1, 3]), [3]);
});

test('rules triggered on few texts do not join the set', () => {
  const hot = new HotRules(['aaa', 'bbb', 'ccc'], { warmup: 10, minShare: 0.5 });
  for (let i = 0; i < 10; i++) hot.filter(bytes('x'), i < 2 ? [0, 1, 2] : [0, 1]);
  // 0 and 1 are members (10/10), 2 is not (2/10): kept although it cannot match.
  assert.deepEqual(hot.filter(bytes('x'), [0, 1, 2]), [2]);
});

test('the set never drops a built-in rule whose own pattern matches (every fixture line, every rule)', () => {
  const config = loadBuiltinSecrets(DIR);
  const rules = config.rules;
  const texts = rules.flatMap((r) => {
    const c = readFixture(path.join(DIR, 'fixtures', `${r.id}.yaml`));
    return [...c.truePositives, ...c.falsePositives].map((x) => bytes(x.text));
  });
  let checked = 0;
  // Sets of 12, as the scanner builds them, over every rule.
  for (let from = 0; from < rules.length; from += 12) {
    const chunk = rules.map((r, i) => (i >= from && i < from + 12 ? r.regex : undefined));
    const members = chunk.flatMap((s, i) => (s === undefined ? [] : [i]));
    const hot = new HotRules(chunk, { warmup: 0, minShare: 0, size: 12 });
    hot.filter(bytes(''), members);
    for (const text of texts) {
      const kept = new Set(hot.filter(text, members));
      for (const i of members) {
        const own = regexFor(chunk[i] as string).matchAll(text, 1).length > 0;
        if (own) {
          checked++;
          assert.ok(kept.has(i), `${rules[i]?.id} matches ${text.toString()} but the set dropped it`);
        }
      }
    }
  }
  assert.ok(checked > rules.length, `only ${checked} matching (rule, text) pairs checked`);
});

test('scanner findings are the same with and without the set', () => {
  const config = loadBuiltinSecrets(DIR);
  const texts = config.rules.flatMap((r) => {
    const c = readFixture(path.join(DIR, 'fixtures', `${r.id}.yaml`));
    return [...c.truePositives, ...c.falsePositives];
  });
  const eager = new SecretScanner(config, { hotRules: { warmup: 0, minShare: 0, size: 12 } });
  const plain = new SecretScanner(config, { hotRules: { size: 0 } });
  for (const t of texts) {
    assert.deepEqual(eager.scan(t.text, { path: t.path }), plain.scan(t.text, { path: t.path }), t.text);
  }
});

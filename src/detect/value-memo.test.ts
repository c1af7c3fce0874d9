import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoBudget, sampleHash, ValueMemo } from './value-memo.ts';

/** A memo that is used for every lookup (no sampling window can turn it off mid-test). */
function lookup(memo: ValueMemo, text: string): Int32Array | undefined {
  assert.ok(memo.use(text));
  return memo.get(text);
}

test('value memo: values sharing every sampled character keep their own payloads', () => {
  // Same length and same characters at every sampled position: one hash, one probe sequence.
  // The unsampled positions are found by trying: changing one leaves the hash as it was.
  const base = 'C:\\Windows\\System32\\svchost-0000.exe';
  const at = (k: number): string => `${base.slice(0, k)}#${base.slice(k + 1)}`;
  const free = [...Array(base.length).keys()].filter((k) => sampleHash(at(k)) === sampleHash(base));
  assert.ok(free.length >= 12, `a 36-character value has unsampled positions (${free.length})`);
  const variants = free.slice(0, 12).map(at);
  const hashes = new Set(variants.map(sampleHash));
  assert.equal(hashes.size, 1, 'the variants must collide for this test to mean anything');
  const memo = new ValueMemo(new MemoBudget(1 << 20));
  // More colliding values than probes: some are dropped, none may answer for another.
  variants.forEach((v, i) => {
    assert.equal(lookup(memo, v), undefined);
    memo.remember(v, [i, 100 + i]);
  });
  let kept = 0;
  variants.forEach((v, i) => {
    // A fresh copy: equality by content, not identity.
    const got = lookup(memo, [...v].join(''));
    if (got === undefined) return;
    kept++;
    assert.deepEqual([...got], [i, 100 + i], v);
  });
  assert.ok(kept >= 8, `probing keeps at least MAX_PROBES colliding values (${kept})`);
  assert.equal(lookup(memo, base), undefined, 'a value never remembered is not found');
});

test('value memo: bounded by the shared character budget and restarted when full', () => {
  const budget = new MemoBudget(100);
  const memo = new ValueMemo(budget);
  memo.remember('a'.repeat(60), [1]);
  memo.remember('b'.repeat(60), [2]);
  assert.equal(budget.chars, 60, 'the second value would exceed the budget');
  assert.deepEqual([...(lookup(memo, 'a'.repeat(60)) ?? [])], [1]);
  assert.equal(lookup(memo, 'b'.repeat(60)), undefined);
  // At most 1,024 entries: more values start it over; whatever is found is the value's own.
  const many = new ValueMemo(new MemoBudget(1 << 20));
  const values = Array.from({ length: 3000 }, (_, i) => `value-${String(i * 7919).padStart(9, '0')}`);
  values.forEach((v, i) => {
    many.remember(v, [i]);
  });
  assert.deepEqual([...(lookup(many, values[2999] as string) ?? [])], [2999], 'the latest value is kept');
  // Fewer lookups than one sampling window (a window of misses would turn the memo off).
  let found = 0;
  for (let i = 2999; i > 2999 - 1000; i--) {
    const got = lookup(many, values[i] as string);
    if (got === undefined) continue;
    found++;
    assert.deepEqual([...got], [i]);
  }
  assert.ok(found > 500 && found <= 1000, `${found} of the last 1,000 values kept`);
  assert.equal(lookup(many, values[0] as string), undefined, 'the first values were dropped at the restart');
});

test('value memo: values differing in one middle character (host numbers) are all kept', () => {
  // A hash of a few characters would give these few distinct hashes: long probe sequences, then
  // drops, then a hit rate low enough to turn the memo off (seen with nine sampled characters).
  const memo = new ValueMemo(new MemoBudget(1 << 20));
  const hosts = Array.from({ length: 400 }, (_, i) => `WS-${i}.corp.example`);
  hosts.forEach((h, i) => {
    memo.remember(h, [i]);
  });
  const kept = hosts.filter((h, i) => lookup(memo, h)?.[0] === i).length;
  assert.ok(kept >= 395, `${kept} of 400 kept`);
});

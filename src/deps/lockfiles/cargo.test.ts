import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cargoLock } from './cargo.ts';
import { parseFixture, problemSummary, summary } from './testing.ts';

test('Cargo.lock: registry and sparse sources, two versions of one crate, workspace crate deps are direct, git skipped', () => {
  const f = 'cargo/Cargo.lock';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:cargo/proc-macro2@1.0.69 ${f}:14 direct=false dev=undefined`,
    `pkg:cargo/serde@1.0.193 ${f}:20 direct=true dev=undefined`,
    `pkg:cargo/syn@1.0.109 ${f}:26 direct=false dev=undefined`,
    `pkg:cargo/syn@2.0.39 ${f}:34 direct=true dev=undefined`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice non-registry ${f}:42: vendored-crate: source git+https://github.com/someone/vendored-crate?branch=main; not reported`,
  ]);
  assert.deepEqual(r.edges, [
    ['pkg:cargo/syn@1.0.109', 'pkg:cargo/proc-macro2@1.0.69'],
    ['pkg:cargo/syn@2.0.39', 'pkg:cargo/proc-macro2@1.0.69'],
  ]);
});

test('Cargo.lock v1 dependency strings with sources', () => {
  const r = cargoLock.parse(
    'Cargo.lock',
    '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "libc 0.2.150 (registry+https://github.com/rust-lang/crates.io-index)",\n]\n\n[[package]]\nname = "libc"\nversion = "0.2.150"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
  );
  assert.deepEqual(summary(r.packages), ['pkg:cargo/libc@0.2.150 Cargo.lock:8 direct=true dev=undefined']);
  assert.equal(cargoLock.parse('Cargo.lock', '[[package]]\nname = 3\n').problems[0]?.kind, 'invalid-entry');
});

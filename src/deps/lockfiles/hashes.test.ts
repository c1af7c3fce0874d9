import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { base64Hash, downloadUrl, hexHash, integrityHashes, prefixedHash } from './hashes.ts';

const digest = (alg: string, data: string, enc: 'hex' | 'base64') => createHash(alg).update(data).digest(enc);

test('integrity (SRI): every algorithm of a multi-hash string, options ignored, decoded to hex', () => {
  const sri = `sha512-${digest('sha512', 'x', 'base64')} sha1-${digest('sha1', 'x', 'base64')}?opt`;
  assert.deepEqual(integrityHashes(sri), [
    { algorithm: 'SHA-512', value: digest('sha512', 'x', 'hex') },
    { algorithm: 'SHA-1', value: digest('sha1', 'x', 'hex') },
  ]);
});

test('malformed digests are dropped, never reported with the wrong size or algorithm', () => {
  assert.deepEqual(integrityHashes('sha512-AAAA sha1-XRKF md4-abc nodash'), []);
  assert.equal(hexHash('sha256', 'abc'), undefined);
  assert.equal(hexHash('sha256', 'z'.repeat(64)), undefined);
  assert.equal(hexHash('whirlpool', 'a'.repeat(64)), undefined);
  assert.equal(base64Hash('sha256', '!!!'), undefined);
  assert.equal(prefixedHash('sha256'), undefined);
});

test('hex digests: `sha256:` and `sha256=` prefixes, SHA-256 / sha1 spellings, upper-case hex', () => {
  const hex = digest('sha256', 'y', 'hex');
  assert.deepEqual(prefixedHash(`sha256:${hex}`), { algorithm: 'SHA-256', value: hex });
  assert.deepEqual(prefixedHash(`sha256=${hex.toUpperCase()}`), { algorithm: 'SHA-256', value: hex });
  assert.deepEqual(hexHash('SHA-1', digest('sha1', 'y', 'hex')), {
    algorithm: 'SHA-1',
    value: digest('sha1', 'y', 'hex'),
  });
});

test('every SRI string of real digests round-trips (property)', () => {
  fc.assert(
    fc.property(fc.string(), fc.constantFrom('sha1', 'sha256', 'sha384', 'sha512'), (data, alg) => {
      const [hash] = integrityHashes(`${alg}-${digest(alg, data, 'base64')}`);
      assert.equal(hash?.value, digest(alg, data, 'hex'));
    }),
  );
});

test('download URLs: absolute http(s) only', () => {
  assert.equal(
    downloadUrl('https://registry.npmjs.org/ms/-/ms-2.1.3.tgz'),
    'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
  );
  assert.equal(downloadUrl('file:vendor/x.tgz'), undefined);
  assert.equal(downloadUrl('git+ssh://git@github.com/a/b.git#abc'), undefined);
  assert.equal(downloadUrl('https://exa mple.com/x'), undefined);
  assert.equal(downloadUrl(undefined), undefined);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hashPassword, newApiTokenSecret, randomSecret, sha256Hex, verifyPassword } from './secrets.ts';

test('scrypt hashes: salted, self-describing, verify only the right password', async () => {
  const a = await hashPassword('correct horse battery staple');
  const b = await hashPassword('correct horse battery staple');
  assert.notEqual(a, b, 'salted');
  assert.match(a, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.equal(await verifyPassword('correct horse battery staple', a), true);
  assert.equal(await verifyPassword('correct horse battery stapl', a), false);
  assert.equal(await verifyPassword('', a), false);
  // Unicode is normalised: the same password typed as composed or decomposed characters.
  const c = await hashPassword('pässwörd-long-enough');
  assert.equal(await verifyPassword('pa\u0308sswo\u0308rd-long-enough', c), true);
});

test('malformed stored hashes never throw and never verify', async () => {
  for (const stored of [
    '',
    'scrypt',
    'scrypt$1$8$1$x$y',
    'scrypt$99999999$8$1$AAAA$AAAA',
    'bcrypt$a$b$c$d$e',
    'scrypt$16384$8$1$AAAA$short',
  ])
    assert.equal(await verifyPassword('x', stored), false, stored);
  await fc.assert(
    fc.asyncProperty(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 50 }),
      async (stored, password) => {
        assert.equal(await verifyPassword(password, stored), false);
      },
    ),
    { numRuns: 200 },
  );
});

test('random secrets and token secrets', () => {
  assert.equal(randomSecret().length, 43);
  assert.notEqual(randomSecret(), randomSecret());
  assert.match(newApiTokenSecret(), /^rmp_[A-Za-z0-9_-]{40}$/);
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

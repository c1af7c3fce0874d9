import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { inCidr, parseCidr, parseIp } from './cidr.ts';

test('Sigma spec §IP Modifiers: cidr boundaries for IPv4 and IPv6 prefixes', () => {
  const c = parseCidr('192.168.4.0/22');
  assert.ok(c);
  assert.equal(inCidr(c, '192.168.4.0'), true);
  assert.equal(inCidr(c, '192.168.7.255'), true);
  assert.equal(inCidr(c, '192.168.8.0'), false);
  assert.equal(inCidr(c, '192.168.3.255'), false);
  const all = parseCidr('0.0.0.0/0');
  assert.ok(all && inCidr(all, '255.255.255.255'));
  const host = parseCidr('10.1.2.3');
  assert.ok(host && inCidr(host, '10.1.2.3') && !inCidr(host, '10.1.2.4'));
  const v6 = parseCidr('2001:db8::/127');
  assert.ok(v6 && inCidr(v6, '2001:db8::1') && !inCidr(v6, '2001:db8::2'));
  assert.equal(parseIp('1.2.3'), undefined);
  assert.equal(parseIp('1.2.3.256'), undefined);
  assert.equal(parseIp('1::2::3'), undefined);
  assert.equal(parseCidr('10.0.0.0/x'), undefined);
});

test('cidr: an IPv4 address is in a /n range exactly when its first n bits equal the network', () => {
  const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  fc.assert(
    fc.property(octets, octets, fc.integer({ min: 0, max: 32 }), (a, b, len) => {
      const num = (o: readonly number[]) => o.reduce((x, y) => x * 256 + y, 0);
      const c = parseCidr(`${a.join('.')}/${len}`);
      assert.ok(c);
      const want = len === 0 || Math.floor(num(a) / 2 ** (32 - len)) === Math.floor(num(b) / 2 ** (32 - len));
      assert.equal(inCidr(c, b.join('.')), want);
    }),
    { numRuns: 2000 },
  );
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ruleEnvironment } from '../cel/environment.ts';
import { cidrPrefixLength, isPublicCidr } from './cidr.ts';
import { parseImageRef } from './image.ts';
import { portRangeIncludes } from './ports.ts';
import { globMatch } from './strings.ts';

const cel = (expression: string, object: unknown = null) =>
  ruleEnvironment().evaluate(expression, {
    object,
    document: {},
    documents: [],
    variables: {},
    podSpec: null,
    podSpecPath: '',
    containers: [],
  });

describe('cidr functions (docs/cel.md)', () => {
  it('public means prefix length 0 on IPv4 or IPv6', () => {
    assert.equal(isPublicCidr('0.0.0.0/0'), true);
    assert.equal(isPublicCidr('::/0'), true);
    assert.equal(isPublicCidr(' 0.0.0.0/0 '), true);
    assert.equal(isPublicCidr('10.0.0.0/8'), false);
    assert.equal(isPublicCidr('0.0.0.0/32'), false);
    assert.equal(isPublicCidr(null), false);
    assert.equal(isPublicCidr('not a cidr/0'), false);
    assert.equal(cidrPrefixLength('10.1.0.0/16'), 16);
    assert.equal(cidrPrefixLength('10.1.0.0/33'), -1);
  });
  it('are callable from CEL, including on null (unknown) values', () => {
    assert.equal(cel('isPublicCidr(object.c)', { c: '0.0.0.0/0' }), true);
    assert.equal(cel("'::/0'.isPublicCidr()"), true);
    assert.equal(cel('isPublicCidr(object.c)', { c: null }), false);
    assert.equal(cel('anyPublicCidr(object.l)', { l: ['10.0.0.0/8', '::/0'] }), true);
    assert.equal(cel('cidrPrefixLength(object.c)', { c: '10.0.0.0/8' }), 8n);
  });
});

describe('portRangeIncludes', () => {
  it('includes bounds, accepts ints, doubles and numeric strings, never matches null', () => {
    assert.equal(cel('portRangeIncludes(0, 65535, 22)'), true);
    assert.equal(cel('portRangeIncludes(22, 22, 22)'), true);
    assert.equal(cel('portRangeIncludes(23, 80, 22)'), false);
    assert.equal(portRangeIncludes('20', '30', 22), true);
    assert.equal(portRangeIncludes(20.0, 30.0, 22n), true);
    assert.equal(portRangeIncludes(null, 30, 22), false);
  });
  it('agrees with arithmetic for every integer triple', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1, max: 70000 }),
        fc.integer({ min: -1, max: 70000 }),
        fc.integer({ min: 0, max: 70000 }),
        (a, b, p) => {
          assert.equal(portRangeIncludes(BigInt(a), BigInt(b), BigInt(p)), a <= p && p <= b);
        },
      ),
    );
  });
});

describe('image reference functions', () => {
  const cases: [string, string, string, string, string][] = [
    ['nginx', '', 'nginx', '', ''],
    ['nginx:1.25', '', 'nginx', '1.25', ''],
    ['ghcr.io/acme/app:v1@sha256:abc', 'ghcr.io', 'acme/app', 'v1', 'sha256:abc'],
    ['localhost:5000/app', 'localhost:5000', 'app', '', ''],
    ['registry:5000/team/app:2', 'registry:5000', 'team/app', '2', ''],
    ['library/redis@sha256:def', '', 'library/redis', '', 'sha256:def'],
  ];
  for (const [ref, registry, repository, tag, digest] of cases) {
    it(ref, () => {
      assert.deepEqual(parseImageRef(ref), { registry, repository, tag, digest });
    });
  }
  it('from CEL: absent parts are empty strings, null is not an error', () => {
    assert.equal(cel("imageTag('nginx')"), '');
    assert.equal(cel("imageTag('nginx:latest')"), 'latest');
    assert.equal(cel("imageDigest('a@sha256:1')"), 'sha256:1');
    assert.equal(cel('imageTag(object)', null), '');
  });
  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof parseImageRef(s).tag === 'string'));
  });
});

describe('glob', () => {
  it('matches with ** and braces, false for null', () => {
    assert.equal(globMatch('ghcr.io/acme/app', 'ghcr.io/acme/**'), true);
    assert.equal(globMatch('docker.io/x', 'ghcr.io/**'), false);
    assert.equal(cel("'a.yaml'.glob('*.{yaml,yml}')"), true);
    assert.equal(cel("glob(object, '*')", null), false);
  });
});

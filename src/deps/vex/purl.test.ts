import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { osvPackage, parsePurl, purlIdentity } from './purl.ts';

describe('parsePurl', () => {
  it('splits type, namespace, name and version; drops qualifiers and subpath', () => {
    assert.deepEqual(parsePurl('pkg:npm/%40babel/core@7.22.0'), {
      type: 'npm',
      namespace: '@babel',
      name: 'core',
      version: '7.22.0',
    });
    assert.deepEqual(parsePurl('pkg:deb/debian/libc6@2.36-9?arch=amd64#sub'), {
      type: 'deb',
      namespace: 'debian',
      name: 'libc6',
      version: '2.36-9',
    });
    assert.deepEqual(parsePurl('pkg:golang/github.com/gin-gonic/gin@v1.9.0'), {
      type: 'golang',
      namespace: 'github.com/gin-gonic',
      name: 'gin',
      version: 'v1.9.0',
    });
    assert.deepEqual(parsePurl('pkg:npm/lodash'), { type: 'npm', name: 'lodash' });
    // A literal scope `@` (some writers do not encode it) is not a version.
    assert.deepEqual(parsePurl('pkg:npm/@babel/core'), { type: 'npm', namespace: '@babel', name: 'core' });
  });

  it('returns undefined for things that are not purls', () => {
    for (const bad of [
      '',
      'npm/lodash',
      'pkg:',
      'pkg:npm',
      'pkg:npm/',
      'https://example.com/a',
      'pkg:n p m/x',
    ])
      assert.equal(parsePurl(bad), undefined, bad);
  });

  it('never throws (fuzz)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parsePurl(`pkg:${s}`);
        parsePurl(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('osvPackage and purlIdentity', () => {
  it('maps purl types to OSV ecosystems and names', () => {
    const osv = (p: string) => osvPackage(parsePurl(p) ?? assert.fail(p));
    assert.deepEqual(osv('pkg:npm/%40babel/core@7.0.0'), { ecosystem: 'npm', name: '@babel/core' });
    assert.deepEqual(osv('pkg:pypi/PyYAML@5.3.1'), { ecosystem: 'PyPI', name: 'pyyaml' });
    assert.deepEqual(osv('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'), {
      ecosystem: 'Maven',
      name: 'org.apache.logging.log4j:log4j-core',
    });
    assert.deepEqual(osv('pkg:golang/golang.org/x/net@v0.1.0'), {
      ecosystem: 'Go',
      name: 'golang.org/x/net',
    });
    assert.deepEqual(osv('pkg:cargo/serde@1.0.0'), { ecosystem: 'crates.io', name: 'serde' });
    assert.equal(osv('pkg:deb/debian/libc6@2.36'), undefined);
  });

  it('compares without version, qualifiers or case where names are case-insensitive', () => {
    const id = (p: string) => purlIdentity(parsePurl(p) ?? assert.fail(p));
    assert.equal(id('pkg:npm/lodash@4.17.20'), id('pkg:npm/lodash'));
    assert.equal(id('pkg:pypi/PyYAML@5.3.1'), id('pkg:pypi/pyyaml'));
    assert.equal(id('pkg:pypi/zope.interface'), id('pkg:pypi/zope-interface'));
    assert.notEqual(id('pkg:npm/lodash'), id('pkg:npm/lodash.template'));
    assert.notEqual(id('pkg:golang/github.com/A/b'), id('pkg:golang/github.com/a/b'));
  });
});

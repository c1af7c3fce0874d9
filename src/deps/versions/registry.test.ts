import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  VersionError as ErrorFromPackage,
  compareVersions as fromPackage,
  isValidVersion as validFromPackage,
} from '../../index.ts';
import { VersionError } from './errors.ts';
import { chainPairs } from './fixtures.ts';
import { compareVersions, isValidVersion, VERSION_ECOSYSTEMS, versionScheme } from './registry.ts';

describe('version registry', () => {
  it('covers the OSV ecosystems named in the issue, by their OSV names', () => {
    assert.deepEqual(VERSION_ECOSYSTEMS, [
      'npm',
      'PyPI',
      'Maven',
      'Go',
      'crates.io',
      'RubyGems',
      'Packagist',
      'NuGet',
      'Debian',
      'Alpine',
      'Red Hat',
    ]);
  });

  it('is the public API of the package entry point', () => {
    assert.equal(fromPackage, compareVersions);
    assert.equal(validFromPackage, isValidVersion);
    assert.equal(ErrorFromPackage, VersionError);
  });

  it('returns exactly -1, 0 or 1', () => {
    assert.equal(compareVersions('Maven', '1', '99999999999999999999'), -1);
    assert.equal(compareVersions('Debian', '1:0', '0:99'), 1);
    assert.equal(compareVersions('Alpine', '1.0', '1.0-r0'), 0);
  });

  it('resolves OSV release-qualified names and any case to the same scheme', () => {
    assert.equal(versionScheme('Debian:11'), versionScheme('Debian'));
    assert.equal(versionScheme('Alpine:v3.20'), versionScheme('Alpine'));
    assert.equal(versionScheme('Red Hat:rhel_aus:8.4::appstream'), versionScheme('Red Hat'));
    assert.equal(versionScheme('CRATES.IO'), versionScheme('crates.io'));
    assert.equal(versionScheme('rubygems'), versionScheme('RubyGems'));
  });

  it('rejects an unknown ecosystem with E_VERSION, from both functions', () => {
    for (const call of [() => compareVersions('Hex', '1', '2'), () => isValidVersion('Debian-ish', '1')]) {
      assert.throws(
        call,
        (e: unknown) => e instanceof VersionError && e.code === 'E_VERSION' && e.version === undefined,
      );
    }
  });

  it('names the ecosystem and the version of the first invalid argument', () => {
    assert.throws(
      () => compareVersions('PyPI', '1.0', 'not-a-version'),
      (e: unknown) =>
        e instanceof VersionError &&
        e.ecosystem === 'PyPI' &&
        e.version === 'not-a-version' &&
        e.message === 'invalid PyPI version "not-a-version": not a PEP 440 version',
    );
  });

  it('surrounding whitespace: trimmed where the ecosystem trims (npm, PyPI, RubyGems, NuGet, Packagist, Debian)', () => {
    assert.equal(compareVersions('npm', ' 1.0.0 ', '1.0.0'), 0);
    assert.equal(compareVersions('PyPI', '\t1.0\n', '1.0'), 0);
    assert.equal(compareVersions('RubyGems', ' 1.0 ', '1'), 0);
    assert.equal(compareVersions('NuGet', ' 1.0 ', '1'), 0);
    assert.equal(compareVersions('Packagist', ' 1.0 ', '1'), 0);
    assert.equal(compareVersions('Debian', ' 1.0-1 ', '1.0-1'), 0);
    for (const eco of ['Go', 'crates.io', 'Maven', 'Alpine', 'Red Hat']) {
      assert.equal(isValidVersion(eco, ' 1.0.0'), false, eco);
    }
  });

  it('Packagist: Composer aliases ("1.0.0 as 2.0.0") are the aliased version', () => {
    assert.equal(compareVersions('Packagist', '1.0.0 as 2.0.0', '1.0.0'), 0);
  });

  it('rejects empty strings in every ecosystem', () => {
    for (const eco of VERSION_ECOSYSTEMS) assert.equal(isValidVersion(eco, ''), false, eco);
  });
});

describe('vector file reader', () => {
  it('expands a chain into every implied pair and skips pairs across < and >', () => {
    assert.deepEqual(chainPairs({ line: 1, versions: ['a', 'b', 'c', 'd'], ops: ['<', '=', '<'] }), [
      { a: 'a', b: 'b', expected: -1 },
      { a: 'a', b: 'c', expected: -1 },
      { a: 'a', b: 'd', expected: -1 },
      { a: 'b', b: 'c', expected: 0 },
      { a: 'b', b: 'd', expected: -1 },
      { a: 'c', b: 'd', expected: -1 },
    ]);
    assert.deepEqual(chainPairs({ line: 1, versions: ['a', 'b', 'c'], ops: ['>', '<'] }), [
      { a: 'a', b: 'b', expected: 1 },
      { a: 'b', b: 'c', expected: -1 },
    ]);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseEcosystem, ecosystemMatches, normalizePackageName } from './names.ts';

test('PyPI names follow PEP 503', () => {
  assert.equal(normalizePackageName('PyPI', 'Friendly-Bard'), 'friendly-bard');
  assert.equal(normalizePackageName('PyPI', 'FRIENDLY__BARD'), 'friendly-bard');
  assert.equal(normalizePackageName('PyPI', 'friendly.-_bard'), 'friendly-bard');
});

test('npm, Go, RubyGems and crates.io keep case; NuGet and Packagist fold it', () => {
  assert.equal(normalizePackageName('npm', '@Scope/Pkg'), '@Scope/Pkg');
  assert.equal(normalizePackageName('Go', 'github.com/BurntSushi/toml/'), 'github.com/BurntSushi/toml');
  assert.equal(normalizePackageName('RubyGems', 'Rack'), 'Rack');
  assert.equal(normalizePackageName('NuGet', 'Newtonsoft.Json'), 'newtonsoft.json');
  assert.equal(normalizePackageName('Packagist', 'Symfony/HTTP-Kernel'), 'symfony/http-kernel');
  assert.equal(
    normalizePackageName('Maven', 'org.apache.logging.log4j : log4j-core'),
    'org.apache.logging.log4j:log4j-core',
  );
});

test('ecosystems: release suffixes and case', () => {
  assert.equal(baseEcosystem('Debian:12'), 'Debian');
  assert.equal(baseEcosystem('pypi'), 'PyPI');
  assert.equal(baseEcosystem('Red Hat:rhel_aus:8.4::appstream'), 'Red Hat');
  assert.equal(ecosystemMatches('Alpine:v3.20', 'Alpine:v3.20'), true);
  assert.equal(ecosystemMatches('Alpine:v3.20', 'Alpine:v3.19'), false);
  assert.equal(ecosystemMatches('Alpine:v3.20', 'Alpine'), true);
  assert.equal(ecosystemMatches('npm', 'PyPI'), false);
});

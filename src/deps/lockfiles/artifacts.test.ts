/**
 * Hashes, licences and download URLs per lockfile format (what SBOMs carry). Digests below are
 * real published ones where the format is npm-family (taken from npm's own lockfiles); the
 * others are well-formed values, since the parsers never verify them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLockfile } from './index.ts';
import { parseFixture } from './testing.ts';
import type { Package, ParseResult } from './types.ts';

const MS_SRI =
  'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==';
const MS_HEX =
  'e85973b9b4cb646dc9d9afcd542025784863ceae68c601f268253dc985ef70bb2fa1568726afece715c8ebf5d73fab73ed1f7100eb479d23bfb57b45dd645394';
const MS_URL = 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz';
const SHA1 = '5f6a8d5f0e7f3fb6d1bd8c9e2b1e8d1b0f6f2a3c';
const SHA256 = 'a9b1f4d0c7e2b6a8f1d3c5e7092b4d6f8a0c2e4f6b8d0a2c4e6f8b0d2a4c6e8f';

function pkg(result: ParseResult, name: string): Package {
  const found = result.packages.find((p) => p.name === name);
  assert.ok(found, `${name} not parsed: ${JSON.stringify(result.problems)}`);
  return found;
}

const facts = (p: Package) => ({ hashes: p.hashes, license: p.license, downloadUrl: p.downloadUrl });

describe('lockfile artifact facts', () => {
  it('pnpm: resolution integrity (fast reader) and tarball', () => {
    const text = `lockfileVersion: '9.0'

importers:
  .:
    dependencies:
      ms:
        specifier: ^2.1.3
        version: 2.1.3
      tar:
        specifier: https://example.com/tar-1.0.0.tgz
        version: 1.0.0

packages:

  ms@2.1.3:
    resolution: {integrity: ${MS_SRI}}

  tar@1.0.0:
    resolution: {tarball: https://example.com/tar-1.0.0.tgz}

snapshots:

  ms@2.1.3: {}

  tar@1.0.0: {}
`;
    const r = parseLockfile('pnpm-lock.yaml', text);
    assert.deepEqual(facts(pkg(r, 'ms')), {
      hashes: [{ algorithm: 'SHA-512', value: MS_HEX }],
      license: undefined,
      downloadUrl: undefined,
    });
    assert.equal(pkg(r, 'tar').downloadUrl, 'https://example.com/tar-1.0.0.tgz');
  });

  it('pnpm: the YAML fallback (block mappings) too', () => {
    const text = `lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      ms: {specifier: ^2.1.3, version: 2.1.3}
packages:
  ms@2.1.3:
    resolution:
      integrity: ${MS_SRI}
snapshots:
  ms@2.1.3: {}
`;
    const r = parseLockfile('pnpm-lock.yaml', text);
    assert.deepEqual(pkg(r, 'ms').hashes, [{ algorithm: 'SHA-512', value: MS_HEX }]);
  });

  it('yarn v1: integrity, resolved without its #sha1 fragment, the fragment as SHA-1', () => {
    const text = `# yarn lockfile v1

ms@^2.1.3:
  version "2.1.3"
  resolved "${MS_URL}#${SHA1}"
  integrity ${MS_SRI}

old@^1.0.0:
  version "1.0.0"
  resolved "https://registry.yarnpkg.com/old/-/old-1.0.0.tgz#${SHA1}"
`;
    const r = parseLockfile('yarn.lock', text);
    assert.deepEqual(facts(pkg(r, 'ms')), {
      hashes: [
        { algorithm: 'SHA-512', value: MS_HEX },
        { algorithm: 'SHA-1', value: SHA1 },
      ],
      license: undefined,
      downloadUrl: MS_URL,
    });
    assert.deepEqual(pkg(r, 'old').hashes, [{ algorithm: 'SHA-1', value: SHA1 }]);
  });

  it('bun.lock: the integrity element of the package tuple', () => {
    const text = `{
  "lockfileVersion": 1,
  "workspaces": { "": { "name": "app", "dependencies": { "ms": "^2.1.3" } } },
  "packages": {
    "ms": ["ms@2.1.3", "", {}, "${MS_SRI}"],
  }
}
`;
    assert.deepEqual(pkg(parseLockfile('bun.lock', text), 'ms').hashes, [
      { algorithm: 'SHA-512', value: MS_HEX },
    ]);
  });

  it('Cargo.lock: checksum → SHA-256', () => {
    assert.deepEqual(pkg(parseFixture('cargo/Cargo.lock'), 'proc-macro2').hashes, [
      { algorithm: 'SHA-256', value: '134c189feb4956b20f6f547d2cf727d4c0fe06722b20a0eec87ed445a97f92da' },
    ]);
  });

  it('packages.lock.json: contentHash (base64) → SHA-512', () => {
    assert.deepEqual(pkg(parseFixture('nuget/packages.lock.json'), 'Newtonsoft.Json').hashes, [
      {
        algorithm: 'SHA-512',
        value:
          '1eb0b9057765d3420ff73795fb467ce3c4163c0a02afd3f76c311982e23e8242dc04a00ec62c7fb4b1000070be52f0cd3efe1ad9dd7c94e45e1cc39a80f6becd',
      },
    ]);
  });

  it('composer.lock: dist shasum (empty ones skipped), dist url, license list as a disjunction', () => {
    const text = JSON.stringify({
      packages: [
        {
          name: 'monolog/monolog',
          version: '3.5.0',
          dist: {
            type: 'zip',
            url: 'https://api.github.com/repos/Seldaek/monolog/zipball/c915e2',
            shasum: '',
          },
          license: ['MIT'],
        },
        {
          name: 'acme/dual',
          version: '1.0.0',
          dist: { type: 'tar', url: 'https://repo.example.com/dual-1.0.0.tar', shasum: SHA1 },
          license: ['GPL-2.0-or-later', 'MIT'],
        },
      ],
      'packages-dev': [],
    });
    const r = parseLockfile('composer.lock', text);
    assert.deepEqual(facts(pkg(r, 'monolog/monolog')), {
      hashes: undefined,
      license: 'MIT',
      downloadUrl: 'https://api.github.com/repos/Seldaek/monolog/zipball/c915e2',
    });
    assert.deepEqual(facts(pkg(r, 'acme/dual')), {
      hashes: [{ algorithm: 'SHA-1', value: SHA1 }],
      license: '(GPL-2.0-or-later OR MIT)',
      downloadUrl: 'https://repo.example.com/dual-1.0.0.tar',
    });
  });

  it('Gemfile.lock: CHECKSUMS section, per platform spec', () => {
    const text = `GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.15.5-x86_64-linux)
      racc (~> 1.4)
    racc (1.7.3)
    rake (13.1.0)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  nokogiri
  rake

CHECKSUMS
  nokogiri (1.15.5-x86_64-linux) sha256=${SHA256}
  racc (1.7.3)
  rake (13.1.0) sha256=${SHA256.toUpperCase()}

BUNDLED WITH
   2.6.2
`;
    const r = parseLockfile('Gemfile.lock', text);
    assert.deepEqual(pkg(r, 'nokogiri').hashes, [{ algorithm: 'SHA-256', value: SHA256 }]);
    // A gem listed without a checksum (Bundler could not compute one) has none.
    assert.equal(pkg(r, 'racc').hashes, undefined);
    assert.deepEqual(pkg(r, 'rake').hashes, [{ algorithm: 'SHA-256', value: SHA256 }]);
  });

  it('Python lockfiles: the digest (and URL) only when exactly one distribution file is listed', () => {
    const uv = parseLockfile(
      'uv.lock',
      `version = 1
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "six" }, { name = "idna" }]

[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/six-1.16.0-py2.py3-none-any.whl", hash = "sha256:${SHA256}", size = 11053 },
]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/idna-3.7.tar.gz", hash = "sha256:${SHA256}", size = 189575 }
wheels = [
    { url = "https://files.pythonhosted.org/packages/idna-3.7-py3-none-any.whl", hash = "sha256:${SHA256}", size = 66836 },
]
`,
    );
    assert.deepEqual(facts(pkg(uv, 'six')), {
      hashes: [{ algorithm: 'SHA-256', value: SHA256 }],
      license: undefined,
      downloadUrl: 'https://files.pythonhosted.org/packages/six-1.16.0-py2.py3-none-any.whl',
    });
    // An sdist and a wheel: the installer picks one, so neither digest is the package's.
    assert.deepEqual(facts(pkg(uv, 'idna')), {
      hashes: undefined,
      license: undefined,
      downloadUrl: undefined,
    });

    const poetry = parseLockfile(
      'poetry.lock',
      `[[package]]
name = "six"
version = "1.16.0"
optional = false
python-versions = ">=2.7"
files = [
    {file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:${SHA256}"},
]

[[package]]
name = "idna"
version = "3.7"
optional = false
python-versions = ">=3.5"
files = [
    {file = "idna-3.7-py3-none-any.whl", hash = "sha256:${SHA256}"},
    {file = "idna-3.7.tar.gz", hash = "sha256:${SHA256}"},
]

[metadata]
lock-version = "2.0"
`,
    );
    assert.deepEqual(pkg(poetry, 'six').hashes, [{ algorithm: 'SHA-256', value: SHA256 }]);
    assert.equal(pkg(poetry, 'idna').hashes, undefined);

    const pdm = parseLockfile(
      'pdm.lock',
      `[[package]]
name = "six"
version = "1.16.0"
groups = ["default"]
files = [
    {file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:${SHA256}"},
]
`,
    );
    assert.deepEqual(pkg(pdm, 'six').hashes, [{ algorithm: 'SHA-256', value: SHA256 }]);

    const pipfile = parseLockfile(
      'Pipfile.lock',
      JSON.stringify({
        default: {
          six: { hashes: [`sha256:${SHA256}`], version: '==1.16.0' },
          idna: { hashes: [`sha256:${SHA256}`, `sha256:${SHA256.replace('a', 'b')}`], version: '==3.7' },
        },
        develop: {},
      }),
    );
    assert.deepEqual(pkg(pipfile, 'six').hashes, [{ algorithm: 'SHA-256', value: SHA256 }]);
    assert.equal(pkg(pipfile, 'idna').hashes, undefined);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  findLockfileParser,
  includeReader,
  LOCKFILE_PARSERS,
  MAX_LOCKFILE_BYTES,
  parseLockfile,
  purlFor,
} from './index.ts';

test('findLockfileParser: by basename, any directory, Windows separators', () => {
  const cases: [string, string | undefined][] = [
    ['package-lock.json', 'package-lock'],
    ['web/npm-shrinkwrap.json', 'package-lock'],
    ['a\\b\\yarn.lock', 'yarn'],
    ['pnpm-lock.yaml', 'pnpm'],
    ['bun.lock', 'bun'],
    ['requirements.txt', 'requirements'],
    ['requirements/dev.txt', 'requirements'],
    ['poetry.lock', 'poetry'],
    ['Pipfile.lock', 'pipfile'],
    ['uv.lock', 'uv'],
    ['pdm.lock', 'pdm'],
    ['go.mod', 'go.mod'],
    ['Cargo.lock', 'cargo'],
    ['Gemfile.lock', 'gemfile'],
    ['gems.locked', 'gemfile'],
    ['composer.lock', 'composer'],
    ['pom.xml', 'pom'],
    ['gradle.lockfile', 'gradle'],
    ['src/App/packages.lock.json', 'nuget'],
    ['package.json', undefined],
    ['bun.lockb', undefined],
    ['go.sum', undefined],
    ['yarn.lock.bak', undefined],
  ];
  for (const [path, name] of cases) assert.equal(findLockfileParser(path)?.name, name, path);
  assert.equal(
    new Set(LOCKFILE_PARSERS.map((p) => p.name)).size,
    LOCKFILE_PARSERS.length,
    'names are unique',
  );
});

test('parseLockfile: unknown names and oversized files are problems, not throws', () => {
  const unknown = parseLockfile('notes.md', 'x');
  assert.deepEqual(unknown.packages, []);
  assert.equal(unknown.problems[0]?.message, 'notes.md: not a known lockfile name');
  assert.equal(unknown.problems[0]?.code, 'E_PARSE');
  // A string over the limit without allocating 64 MiB of distinct content.
  const huge = ' '.repeat(MAX_LOCKFILE_BYTES + 1);
  for (const p of LOCKFILE_PARSERS) {
    const r = p.parse('big/lockfile', huge);
    assert.equal(r.problems[0]?.kind, 'too-large', p.name);
    assert.equal(r.problems[0]?.code, 'E_INPUT_TOO_LARGE', p.name);
    assert.match(
      r.problems[0]?.message ?? '',
      /^big\/lockfile: lockfile is too large \(67108865 bytes, limit 67108864\)/,
    );
  }
});

test('purlFor follows the package-url spec for each ecosystem', () => {
  assert.equal(purlFor('npm', '@angular/core', '17.0.0'), 'pkg:npm/%40angular/core@17.0.0');
  assert.equal(purlFor('PyPI', 'Zope.Interface_x', '6.1'), 'pkg:pypi/zope-interface-x@6.1');
  assert.equal(
    purlFor('Go', 'github.com/gin-gonic/gin', 'v1.9.1'),
    'pkg:golang/github.com/gin-gonic/gin@v1.9.1',
  );
  assert.equal(purlFor('crates.io', 'serde', '1.0.193'), 'pkg:cargo/serde@1.0.193');
  assert.equal(
    purlFor('RubyGems', 'nokogiri', '1.15.5', { platform: 'x86_64-linux' }),
    'pkg:gem/nokogiri@1.15.5?platform=x86_64-linux',
  );
  assert.equal(purlFor('Packagist', 'Monolog/Monolog', '3.5.0'), 'pkg:composer/monolog/monolog@3.5.0');
  assert.equal(
    purlFor('Maven', 'org.apache.logging.log4j:log4j-core', '2.17.1'),
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
  );
  assert.equal(purlFor('NuGet', 'Newtonsoft.Json', '13.0.3'), 'pkg:nuget/Newtonsoft.Json@13.0.3');
  // `+` in versions is percent-encoded (semver build metadata)
  assert.equal(purlFor('npm', 'x', '1.0.0+build.1'), 'pkg:npm/x@1.0.0%2Bbuild.1');
});

test('includeReader: reads inside the root only (no .., absolute or symlinked escapes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-lockfiles-'));
  try {
    const root = join(dir, 'repo');
    mkdirSync(join(root, 'svc'), { recursive: true });
    writeFileSync(join(root, 'svc', 'base.txt'), 'six==1.16.0\n');
    writeFileSync(join(dir, 'secret.txt'), 'token==abc\n');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'svc', 'link.txt'));
    const read = includeReader(root);
    assert.equal(read('svc/base.txt'), 'six==1.16.0\n');
    assert.equal(read('svc/../../secret.txt'), undefined);
    assert.equal(read(join(dir, 'secret.txt')), undefined);
    assert.equal(read('svc/link.txt'), undefined);
    assert.equal(read('svc/missing.txt'), undefined);
    const r = parseLockfile('svc/requirements.txt', '-r base.txt\n-r ../../secret.txt\n', { readFile: read });
    assert.deepEqual(
      r.packages.map((p) => `${p.name}@${p.version} ${p.location.file}:${p.location.line}`),
      ['six@1.16.0 svc/base.txt:1'],
    );
    assert.equal(r.problems[0]?.message, 'svc/requirements.txt:2: cannot read included file ../secret.txt');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

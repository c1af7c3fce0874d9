import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { cycloneDx16Validator, spdx23Validator, spdxReferenceErrors } from '../../deps/sbom/testing.ts';
import { runCli } from '../testing/run-cli.ts';

const fixture = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/deps/sbom/project',
);
// A copy with a gitignored lockfile added here: the repository's own .gitignore would keep it
// out of the committed fixture.
const work = mkdtempSync(path.join(tmpdir(), 'rampart-sbom-'));
const project = path.join(work, 'shop');
cpSync(fixture, project, { recursive: true });
mkdirSync(path.join(project, 'ignored'));
writeFileSync(
  path.join(project, 'ignored', 'package-lock.json'),
  JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/evil': { version: '6.6.6' } } }),
);
mkdirSync(path.join(project, 'broken'));
writeFileSync(path.join(project, 'broken', 'Cargo.lock'), '[[package]\nname = ');
after(() => rmSync(work, { recursive: true, force: true }));

async function rampart(args: readonly string[], env: Record<string, string> = {}) {
  return runCli(args, { cwd: work, env: { SOURCE_DATE_EPOCH: '1767225600', ...env } });
}

describe('rampart sbom', () => {
  it('walks the project (honouring .gitignore) and prints a schema-valid CycloneDX JSON BOM', async () => {
    const { code, stdout, stderr } = await rampart(['sbom', 'shop']);
    assert.equal(code, 0, stderr);
    const bom = JSON.parse(stdout);
    assert.equal(cycloneDx16Validator()(bom), true);
    const purls = (bom.components as { purl: string }[]).map((c) => c.purl).sort();
    assert.deepEqual(purls, [
      'pkg:npm/%40types/node@20.11.5',
      'pkg:npm/cookie@0.5.0',
      'pkg:npm/express@4.18.2',
      'pkg:npm/undici-types@5.26.5',
      'pkg:pypi/flask@3.0.0',
      'pkg:pypi/zope-interface@6.1',
    ]);
    assert.equal(bom.metadata.component.name, 'shop');
    assert.equal(bom.metadata.timestamp, '2026-01-01T00:00:00.000Z');
    // The broken lockfile is reported, not fatal; notices only with --verbose.
    assert.match(stderr, /broken\/Cargo\.lock/);
    assert.doesNotMatch(stderr, /requests/);
  });

  it('is reproducible with SOURCE_DATE_EPOCH', async () => {
    const a = await rampart(['sbom', 'shop', '--format', 'spdx-json']);
    const b = await rampart(['sbom', 'shop', '--format', 'spdx-json']);
    assert.equal(a.stdout, b.stdout);
    const doc = JSON.parse(a.stdout);
    assert.equal(spdx23Validator()(doc), true);
    assert.deepEqual(spdxReferenceErrors(doc), []);
    assert.equal(doc.creationInfo.created, '2026-01-01T00:00:00Z');
    assert.equal(doc.packages.length, 7);
  });

  it('writes cyclonedx-xml to --output, with --name and --project-version', async () => {
    const out = path.join(work, 'bom.xml');
    const { code, stdout, stderr } = await rampart([
      'sbom',
      'shop',
      '--format',
      'cyclonedx-xml',
      '--output',
      'bom.xml',
      '--name',
      'web-shop',
      '--project-version',
      '3.0.0',
      '--verbose',
    ]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    const xml = readFileSync(out, 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    assert.match(xml, /<name>web-shop<\/name>\s*<version>3\.0\.0<\/version>/);
    assert.match(stderr, /wrote cyclonedx-xml SBOM \(6 packages\) to bom\.xml/);
    assert.match(stderr, /note: api\/requirements\.txt:4: requests/);
  });

  it('accepts a single lockfile as TARGET', async () => {
    const { code, stdout } = await rampart(['sbom', 'shop/api/requirements.txt']);
    assert.equal(code, 0);
    const purls = (JSON.parse(stdout).components as { purl: string }[]).map((c) => c.purl);
    assert.deepEqual(purls, ['pkg:pypi/flask@3.0.0', 'pkg:pypi/zope-interface@6.1']);
  });

  it('fails with exit 2 and a message naming the input on bad usage', async () => {
    const missing = await rampart(['sbom', 'nope']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope: no such file or directory/);
    const notLock = await rampart(['sbom', 'shop/.gitignore']);
    assert.equal(notLock.code, 2);
    assert.match(notLock.stderr, /shop\/\.gitignore: not a lockfile/);
    const format = await rampart(['sbom', 'shop', '--format', 'csv']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /csv/);
    const epoch = await rampart(['sbom', 'shop'], { SOURCE_DATE_EPOCH: 'yesterday' });
    assert.equal(epoch.code, 2);
    assert.match(epoch.stderr, /SOURCE_DATE_EPOCH/);
  });
});

describe('rampart sbom: digests that are not of the artifact', () => {
  const lockfiles = path.resolve(fixture, '../../lockfiles');
  it('reads the go.sum beside go.mod: h1: as the rampart:go:h1 property; a malformed one is a warning naming go.sum:line', async () => {
    const dir = path.join(work, 'gosvc');
    mkdirSync(dir);
    cpSync(path.join(lockfiles, 'go/go.mod'), path.join(dir, 'go.mod'));
    const sum = readFileSync(path.join(lockfiles, 'go/go.sum'), 'utf8');
    writeFileSync(
      path.join(dir, 'go.sum'),
      sum.replace('h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=', 'h1:bad'),
    );
    const { code, stdout, stderr } = await rampart(['sbom', 'gosvc']);
    assert.equal(code, 0, stderr);
    const bom = JSON.parse(stdout);
    assert.equal(cycloneDx16Validator()(bom), true);
    const props = (purl: string) =>
      (bom.components as { purl: string; properties?: unknown }[]).find((c) => c.purl === purl)?.properties;
    assert.deepEqual(props('pkg:golang/github.com/gin-gonic/gin@v1.9.1'), [
      { name: 'rampart:go:h1', value: 'h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=' },
    ]);
    assert.equal(props('pkg:golang/gopkg.in/yaml.v3@v3.0.1'), undefined);
    assert.match(
      stderr,
      /go\.sum:6: gopkg\.in\/yaml\.v3@v3\.0\.1: hash "h1:bad" is not h1: followed by a base64 SHA-256; not recorded/,
    );
  });
});

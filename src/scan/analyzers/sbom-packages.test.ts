import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readSbomPackages } from './sbom-packages.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/sbom-scan');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('readSbomPackages', () => {
  it('reads CycloneDX components (nested too) at the line of their purl; skips what OSV cannot match', () => {
    const { packages, problems } = readSbomPackages('bom.cdx.json', fixture('bom.cdx.json'));
    assert.deepEqual(
      packages.map((p) => [p.ecosystem, p.name, p.version, p.purl, p.location.line]),
      [
        ['npm', 'lodash', '4.17.20', 'pkg:npm/lodash@4.17.20', 11],
        ['PyPI', 'pyyaml', '5.3.1', 'pkg:pypi/PyYAML@5.3.1', 17],
        ['npm', 'left-pad', '1.3.0', 'pkg:npm/left-pad@1.3.0', 20],
      ],
    );
    // The SBOM's own subject (metadata.component) is not a dependency.
    assert.ok(!packages.some((p) => p.name === 'shop'));
    assert.deepEqual(problems, [
      {
        severity: 'notice',
        kind: 'non-registry',
        file: 'bom.cdx.json',
        entry: 'sbom-skipped',
        message: 'bom.cdx.json: 2 SBOM components not checked for vulnerabilities (1 type deb, 1 no version)',
      },
    ]);
  });

  it('reads SPDX 2.3 packages through their purl external reference', () => {
    const { packages, problems } = readSbomPackages('bom.spdx.json', fixture('bom.spdx.json'));
    assert.deepEqual(
      packages.map((p) => [p.ecosystem, p.name, p.version, p.location.file, p.location.line]),
      [['npm', 'lodash', '4.17.20', 'bom.spdx.json', 14]],
    );
    assert.deepEqual(problems, []);
  });

  it('reports unreadable or unrecognised SBOMs as parse problems naming the file', () => {
    const broken = readSbomPackages('b.json', '{"bomFormat": "CycloneDX", "components": [');
    assert.equal(broken.packages.length, 0);
    assert.equal(broken.problems[0]?.severity, 'error');
    assert.match(broken.problems[0]?.message ?? '', /^b\.json: JSON syntax error/);
    const other = readSbomPackages('o.json', '{"name": "not an sbom"}');
    assert.match(
      other.problems[0]?.message ?? '',
      /^o\.json: neither a CycloneDX BOM .* nor an SPDX 2\.x document/,
    );
    assert.match(
      readSbomPackages('a.json', '[1]').problems[0]?.message ?? '',
      /expected a CycloneDX or SPDX JSON object/,
    );
  });

  it('never throws, whatever the components hold (fuzz)', () => {
    const docs = fc.oneof(
      fc
        .jsonValue()
        .map((v) => JSON.stringify({ bomFormat: 'CycloneDX', components: [v, { components: [v] }] })),
      fc
        .jsonValue()
        .map((v) => JSON.stringify({ spdxVersion: 'SPDX-2.3', packages: [{ externalRefs: [v] }, v] })),
      fc.string(),
    );
    fc.assert(
      fc.property(docs, (text) => {
        const out = readSbomPackages('f.json', text);
        assert.ok(Array.isArray(out.packages) && Array.isArray(out.problems));
      }),
      { numRuns: 300 },
    );
  });
});

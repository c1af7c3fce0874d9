/**
 * The SBOM side of issue 3's leftovers: requirements `--hash` digests as component hashes, and
 * the digests that are not of the artifact (yarn berry `checksum`, go.sum `h1:`) as `rampart:`
 * properties (CycloneDX) and annotations (SPDX), never as hashes/checksums.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { parseFixture } from '../lockfiles/testing.ts';
import type { Package } from '../lockfiles/types.ts';
import { mergeResults, renderSbom, type SbomInput } from './index.ts';
import { cycloneDx16Validator, cycloneDx16XsdValidator, spdx23Validator } from './testing.ts';

const BERRY_HEX =
  '094574e2361a9a250ec93c4256f1bafed1843cb1c77f9d5af076b1f0c4b5036b394efe19135bcb5da32574cbe31aad66f77b20801ebc34aec9f2cb51cfcff9c2';
const BERRY = `10c0/${BERRY_HEX}`;
const GIN_H1 = 'h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=';
const CERTIFI = 'a1556834c105515da000f8b77b0fd13ea715983729513b82f1c0d6498101b958';
const IDNA =
  '5ddc31e1430535c98b94fdc65bcdc23bb11e5355485242ad9f5ff754e88d49300871f19d562c26735b03edabc48976fa647cca660e2d422bc217e846cce3b4aa';

const input: SbomInput = {
  subject: { name: 'digests' },
  ...mergeResults(
    ['yarn/berry/yarn.lock', 'go/go.mod', 'python/requirements/hashed-requirements.txt'].map(parseFixture),
  ),
  timestamp: new Date('2026-01-01T00:00:00Z'),
  toolVersion: '9.9.9',
};

interface CdxComponent {
  purl: string;
  hashes?: { alg: string; content: string }[];
  properties?: { name: string; value: string }[];
}

describe('SBOM: pip --hash digests and manager digests (yarn berry checksum, go.sum h1)', () => {
  it('CycloneDX JSON: single --hash → hashes; checksum and h1 → rampart: properties, not hashes; schema-valid', () => {
    const bom = JSON.parse(renderSbom(input, 'cyclonedx-json')) as { components: CdxComponent[] };
    const validate = cycloneDx16Validator();
    assert.equal(validate(bom), true, JSON.stringify(validate.errors));
    const c = (purl: string) => bom.components.find((x) => x.purl === purl);
    assert.deepEqual(c('pkg:npm/%40types/node@20.10.5')?.properties, [
      { name: 'rampart:yarn:checksum', value: BERRY },
    ]);
    assert.equal(c('pkg:npm/%40types/node@20.10.5')?.hashes, undefined);
    assert.deepEqual(c('pkg:golang/github.com/gin-gonic/gin@v1.9.1')?.properties, [
      { name: 'rampart:go:h1', value: GIN_H1 },
    ]);
    assert.equal(c('pkg:golang/github.com/gin-gonic/gin@v1.9.1')?.hashes, undefined);
    assert.deepEqual(c('pkg:pypi/certifi@2024.2.2')?.hashes, [{ alg: 'SHA-256', content: CERTIFI }]);
    assert.deepEqual(c('pkg:pypi/idna@3.6')?.hashes, [{ alg: 'SHA-512', content: IDNA }]);
    assert.equal(c('pkg:pypi/certifi@2024.2.2')?.properties, undefined);
    assert.equal(c('pkg:pypi/charset-normalizer@3.3.2')?.hashes, undefined, 'three files: no hash');
    // no hash anywhere is the cache zip's digest
    const contents = bom.components.flatMap((x) => (x.hashes ?? []).map((h) => h.content));
    assert.equal(contents.includes(BERRY_HEX), false);
  });

  it('CycloneDX XML: the same hashes and properties, parsed back', () => {
    const xml = renderSbom(input, 'cyclonedx-xml');
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['component', 'property', 'hash'].includes(name),
    }).parse(xml);
    const c = (purl: string) =>
      parsed.bom.components.component.find((x: { purl: string }) => x.purl === purl) as {
        hashes?: { hash: { '#text': string; '@_alg': string }[] };
        properties?: { property: { '#text': string; '@_name': string }[] };
      };
    assert.deepEqual(c('pkg:npm/%40types/node@20.10.5').properties?.property, [
      { '#text': BERRY, '@_name': 'rampart:yarn:checksum' },
    ]);
    assert.equal(c('pkg:npm/%40types/node@20.10.5').hashes, undefined);
    assert.deepEqual(c('pkg:golang/github.com/gin-gonic/gin@v1.9.1').properties?.property, [
      { '#text': GIN_H1, '@_name': 'rampart:go:h1' },
    ]);
    assert.deepEqual(c('pkg:pypi/certifi@2024.2.2').hashes?.hash, [{ '#text': CERTIFI, '@_alg': 'SHA-256' }]);
  });

  const xsd = cycloneDx16XsdValidator();
  it('CycloneDX XML validates against the official 1.6 XSD', {
    skip: 'missing' in xsd ? xsd.missing : false,
  }, () => {
    if (!('validate' in xsd)) return;
    const xml = renderSbom(input, 'cyclonedx-xml');
    // a property without its name attribute must fail, or the check proves nothing
    const broken = xml.replace('<property name="rampart:go:h1">', '<property>');
    assert.notEqual(broken, xml);
    const [good, bad] = xsd.validate([xml, broken]);
    assert.deepEqual(good, []);
    assert.match(bad?.join('\n') ?? '', /property.*name.*required/i);
  });

  it('SPDX: single --hash → checksums; checksum and h1 → OTHER annotations by the tool, not checksums', () => {
    const doc = JSON.parse(renderSbom(input, 'spdx-json'));
    const validate = spdx23Validator();
    assert.equal(validate(doc), true, JSON.stringify(validate.errors));
    const p = (name: string) => doc.packages.find((x: { name: string }) => x.name === name);
    const note = (comment: string) => [
      {
        annotationDate: '2026-01-01T00:00:00Z',
        annotationType: 'OTHER',
        annotator: 'Tool: rampart-9.9.9',
        comment,
      },
    ];
    assert.deepEqual(p('@types/node').annotations, note(`rampart:yarn:checksum=${BERRY}`));
    assert.equal(p('@types/node').checksums, undefined);
    assert.deepEqual(p('github.com/gin-gonic/gin').annotations, note(`rampart:go:h1=${GIN_H1}`));
    assert.equal(p('github.com/gin-gonic/gin').checksums, undefined);
    assert.deepEqual(p('certifi').checksums, [{ algorithm: 'SHA256', checksumValue: CERTIFI }]);
    assert.deepEqual(p('idna').checksums, [{ algorithm: 'SHA512', checksumValue: IDNA }]);
    assert.equal(p('certifi').annotations, undefined);
    assert.equal(p('charset-normalizer').checksums, undefined);
  });

  it('the structural SPDX check rejects an annotation missing a required field (it can fail)', () => {
    const doc = JSON.parse(renderSbom(input, 'spdx-json'));
    const node = doc.packages.find((x: { name: string }) => x.name === '@types/node');
    delete node.annotations[0].annotator;
    assert.equal(spdx23Validator()(doc), false);
  });

  it('mergeResults: a later lockfile adds manager digests the first copy lacks', () => {
    const base: Package = {
      ecosystem: 'Go',
      name: 'a.io/x',
      version: 'v1.0.0',
      purl: 'pkg:golang/a.io/x@v1.0.0',
      direct: true,
      dev: undefined,
      location: { file: 'a/go.mod', line: 3 },
    };
    const withDigest: Package = {
      ...base,
      location: { file: 'b/go.mod', line: 5 },
      managerDigests: [{ kind: 'go-h1', value: GIN_H1 }],
    };
    const set = mergeResults([
      { packages: [base], problems: [] },
      { packages: [withDigest], problems: [] },
    ]);
    assert.deepEqual(set.packages[0]?.managerDigests, [{ kind: 'go-h1', value: GIN_H1 }]);
    assert.equal(set.packages[0]?.location.file, 'a/go.mod');
  });
});

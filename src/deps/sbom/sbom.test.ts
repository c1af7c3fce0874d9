import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseLockfile } from '../lockfiles/index.ts';
import { type Edge, LOCKFILE_ECOSYSTEMS, type Package } from '../lockfiles/types.ts';
import { buildSpdx, mergeResults, renderSbom, SBOM_FORMATS, type SbomInput } from './index.ts';
import {
  cycloneDx16Validator,
  cycloneDx16XsdValidator,
  spdx23Validator,
  spdxReferenceErrors,
} from './testing.ts';

const project = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/deps/sbom/project',
);
const timestamp = new Date('2026-01-01T00:00:00Z');

function fixtureInput(): SbomInput {
  const read = (rel: string) => parseLockfile(rel, readFileSync(path.join(project, rel), 'utf8'));
  const set = mergeResults([read('package-lock.json'), read('api/requirements.txt')]);
  return { subject: { name: 'shop', version: '2.1.0' }, ...set, timestamp, toolVersion: '9.9.9' };
}

const validateCdx = cycloneDx16Validator();
const validateSpdx = spdx23Validator();

interface CdxComponent {
  'bom-ref': string;
  name: string;
  version: string;
  purl: string;
  scope?: string;
}
interface CdxBom {
  serialNumber: string;
  metadata: {
    timestamp: string;
    tools: { components: { name: string; version: string }[] };
    component: { name: string; version: string; 'bom-ref': string };
  };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

describe('CycloneDX JSON', () => {
  const text = renderSbom(fixtureInput(), 'cyclonedx-json');
  const bom = JSON.parse(text) as CdxBom;

  it('validates against the official CycloneDX 1.6 schema', () => {
    assert.equal(validateCdx(bom), true, JSON.stringify(validateCdx.errors));
  });

  it('the schema validator rejects a broken BOM (the check above can fail)', () => {
    assert.equal(validateCdx({ ...bom, components: [{ name: 'x' }] }), false);
    assert.equal(validateCdx({ ...bom, serialNumber: 'not-a-urn' }), false);
  });

  it('lists every package with purl, bom-ref and scope from the dev flag', () => {
    const byRef = new Map(bom.components.map((c) => [c['bom-ref'], c]));
    assert.deepEqual([...byRef.keys()].sort(), [
      'pkg:npm/%40types/node@20.11.5',
      'pkg:npm/cookie@0.5.0',
      'pkg:npm/express@4.18.2',
      'pkg:npm/undici-types@5.26.5',
      'pkg:pypi/flask@3.0.0',
      'pkg:pypi/zope-interface@6.1',
    ]);
    assert.deepEqual(byRef.get('pkg:npm/%40types/node@20.11.5'), {
      type: 'library',
      name: '@types/node',
      version: '20.11.5',
      scope: 'optional',
      purl: 'pkg:npm/%40types/node@20.11.5',
      'bom-ref': 'pkg:npm/%40types/node@20.11.5',
    });
    assert.equal(byRef.get('pkg:npm/express@4.18.2')?.scope, 'required');
    // requirements.txt does not say dev or production: no scope rather than a guess.
    assert.equal(byRef.get('pkg:pypi/flask@3.0.0')?.scope, undefined);
  });

  it('records metadata: injected timestamp, Rampart as tool, the project as component', () => {
    assert.equal(bom.metadata.timestamp, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(
      bom.metadata.tools.components.map((c) => [c.name, c.version]),
      [['rampart', '9.9.9']],
    );
    assert.equal(bom.metadata.component.name, 'shop');
    assert.equal(bom.metadata.component.version, '2.1.0');
    assert.match(
      bom.serialNumber,
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('writes the dependency graph from the lockfile edges, rooted at the project', () => {
    const deps = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn ?? []]));
    assert.deepEqual(deps.get('rampart:project'), [
      'pkg:npm/%40types/node@20.11.5',
      'pkg:npm/express@4.18.2',
      'pkg:pypi/flask@3.0.0',
      'pkg:pypi/zope-interface@6.1',
    ]);
    assert.deepEqual(deps.get('pkg:npm/express@4.18.2'), ['pkg:npm/cookie@0.5.0']);
    assert.deepEqual(deps.get('pkg:npm/%40types/node@20.11.5'), ['pkg:npm/undici-types@5.26.5']);
    assert.deepEqual(deps.get('pkg:npm/cookie@0.5.0'), []);
  });

  it('is byte-for-byte deterministic, whatever the order packages and lockfiles come in', () => {
    const input = fixtureInput();
    const shuffled: SbomInput = {
      ...input,
      ...mergeResults([
        { packages: [...input.packages].reverse(), edges: [...input.edges].reverse(), problems: [] },
      ]),
    };
    assert.equal(renderSbom(shuffled, 'cyclonedx-json'), text);
    assert.equal(renderSbom(fixtureInput(), 'cyclonedx-json'), text);
  });
});

describe('CycloneDX XML', () => {
  const xml = renderSbom(fixtureInput(), 'cyclonedx-xml');

  it('is well-formed XML in the CycloneDX 1.6 namespace', () => {
    assert.equal(XMLValidator.validate(xml), true);
    assert.match(xml, /<bom xmlns="http:\/\/cyclonedx\.org\/schema\/bom\/1\.6"/);
    assert.notEqual(XMLValidator.validate(xml.replace('</components>', '')), true);
  });

  it('carries the same components, scopes and graph as the JSON', () => {
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['component', 'dependency'].includes(name),
    }).parse(xml);
    const components = doc.bom.components.component as {
      '@_bom-ref': string;
      purl: string;
      scope?: string;
    }[];
    assert.equal(components.length, 6);
    const types = components.find((c) => c.purl === 'pkg:npm/%40types/node@20.11.5');
    assert.equal(types?.scope, 'optional');
    assert.equal(doc.bom.metadata.timestamp, '2026-01-01T00:00:00.000Z');
    const root = (
      doc.bom.dependencies.dependency as { '@_ref': string; dependency?: { '@_ref': string }[] }[]
    ).find((d) => d['@_ref'] === 'rampart:project');
    assert.deepEqual(
      root?.dependency?.map((d) => d['@_ref']),
      [
        'pkg:npm/%40types/node@20.11.5',
        'pkg:npm/express@4.18.2',
        'pkg:pypi/flask@3.0.0',
        'pkg:pypi/zope-interface@6.1',
      ],
    );
  });
});

describe('SPDX 2.3 JSON', () => {
  const text = renderSbom(fixtureInput(), 'spdx-json');
  const doc = JSON.parse(text) as ReturnType<typeof buildSpdx>;

  it('has every SPDX 2.3 required field, unique SPDXIDs and resolvable relationships', () => {
    assert.equal(validateSpdx(doc), true, JSON.stringify(validateSpdx.errors));
    assert.deepEqual(spdxReferenceErrors(doc), []);
  });

  it('the structural check rejects broken documents (it can fail)', () => {
    assert.equal(validateSpdx({ ...doc, dataLicense: 'MIT' }), false);
    assert.equal(validateSpdx({ ...doc, documentNamespace: 'https://x/y#frag' }), false);
    // Fields SPDX 2.3 does not define fail, as with the official schema's additionalProperties;
    // fields it defines and Rampart does not write yet still pass.
    const first = doc.packages[1] as (typeof doc.packages)[number];
    const withPackage = (p: Record<string, unknown>) => ({ ...doc, packages: [doc.packages[0], p] });
    assert.equal(validateSpdx({ ...doc, licence: 'MIT' }), false);
    assert.equal(validateSpdx(withPackage({ ...first, licenceDeclared: 'MIT' })), false);
    assert.equal(validateSpdx({ ...doc, creationInfo: { ...doc.creationInfo, tool: 'x' } }), false);
    assert.equal(validateSpdx({ ...doc, relationships: [{ ...doc.relationships[0], why: 'x' }] }), false);
    assert.equal(validateSpdx(withPackage({ ...first, supplier: 'Organization: Example' })), true);
    assert.equal(validateSpdx({ ...doc, comment: 'made by a test' }), true);
    const dup = { ...doc, packages: [...doc.packages, doc.packages[1] as (typeof doc.packages)[number]] };
    assert.deepEqual(spdxReferenceErrors(dup), [`duplicate SPDXID ${doc.packages[1]?.SPDXID}`]);
  });

  it('writes the document header with a content-derived namespace and the injected time', () => {
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.equal(doc.dataLicense, 'CC0-1.0');
    assert.equal(doc.creationInfo.created, '2026-01-01T00:00:00Z');
    assert.deepEqual(doc.creationInfo.creators, ['Tool: rampart-9.9.9']);
    assert.match(doc.documentNamespace, /^https:\/\/rampart\.dev\/spdxdocs\/shop-[0-9a-f-]{36}$/);
    const other = buildSpdx({ ...fixtureInput(), packages: fixtureInput().packages.slice(1) });
    assert.notEqual(other.documentNamespace, doc.documentNamespace);
    assert.equal(
      buildSpdx({ ...fixtureInput(), timestamp: new Date(0) }).documentNamespace,
      doc.documentNamespace,
    );
  });

  it('gives each package NOASSERTION download location and a PACKAGE-MANAGER purl', () => {
    const zope = doc.packages.find((p) => p.name === 'Zope.Interface');
    assert.deepEqual(zope, {
      SPDXID: 'SPDXRef-Package-PyPI-Zope.Interface-6.1',
      name: 'Zope.Interface',
      versionInfo: '6.1',
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'LIBRARY',
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: 'pkg:pypi/zope-interface@6.1',
        },
      ],
    });
  });

  it('relates DESCRIBES, DEPENDS_ON (project and edges) and DEV_DEPENDENCY_OF', () => {
    const rel = doc.relationships.map(
      (r) => `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`,
    );
    assert.deepEqual(rel, [
      'SPDXRef-DOCUMENT DESCRIBES SPDXRef-Project',
      'SPDXRef-Package-npm--types-node-20.11.5 DEV_DEPENDENCY_OF SPDXRef-Project',
      'SPDXRef-Project DEPENDS_ON SPDXRef-Package-npm-express-4.18.2',
      'SPDXRef-Project DEPENDS_ON SPDXRef-Package-PyPI-flask-3.0.0',
      'SPDXRef-Project DEPENDS_ON SPDXRef-Package-PyPI-Zope.Interface-6.1',
      'SPDXRef-Package-npm--types-node-20.11.5 DEPENDS_ON SPDXRef-Package-npm-undici-types-5.26.5',
      'SPDXRef-Package-npm-express-4.18.2 DEPENDS_ON SPDXRef-Package-npm-cookie-0.5.0',
    ]);
  });
});

describe('mergeResults', () => {
  it('merges one purl from two lockfiles (direct and production win) and drops edges to unknown packages', () => {
    const pkg = (direct: boolean | undefined, dev: boolean | undefined, file: string): Package => ({
      ecosystem: 'npm',
      name: 'a',
      version: '1.0.0',
      purl: 'pkg:npm/a@1.0.0',
      direct,
      dev,
      location: { file, line: 1 },
    });
    const set = mergeResults([
      {
        packages: [pkg(false, true, 'one/package-lock.json')],
        edges: [['pkg:npm/a@1.0.0', 'pkg:npm/gone@1']],
        problems: [],
      },
      { packages: [pkg(true, false, 'two/package-lock.json')], problems: [] },
    ]);
    assert.equal(set.packages.length, 1);
    assert.equal(set.packages[0]?.direct, true);
    assert.equal(set.packages[0]?.dev, false);
    assert.equal(set.packages[0]?.location.file, 'one/package-lock.json');
    assert.deepEqual(set.edges, []);
  });
});

describe('artifact facts: hashes, licences, download locations', () => {
  const fixtures = path.resolve(project, '../../lockfiles');
  const read = (rel: string) => parseLockfile(rel, readFileSync(path.join(fixtures, rel), 'utf8'));
  const input: SbomInput = {
    subject: { name: 'artifacts' },
    ...mergeResults([read('npm/artifacts/package-lock.json'), read('cargo/Cargo.lock')]),
    timestamp,
    toolVersion: '9.9.9',
  };
  const MS_SHA512 =
    'e85973b9b4cb646dc9d9afcd542025784863ceae68c601f268253dc985ef70bb2fa1568726afece715c8ebf5d73fab73ed1f7100eb479d23bfb57b45dd645394';
  const MS_URL = 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz';

  it('CycloneDX JSON: hashes, SPDX licence id / expression / named licence, distribution reference; schema-valid', () => {
    const bom = JSON.parse(renderSbom(input, 'cyclonedx-json'));
    assert.equal(validateCdx(bom), true, JSON.stringify(validateCdx.errors));
    const component = (purl: string) => bom.components.find((c: { purl: string }) => c.purl === purl);
    const ms = component('pkg:npm/ms@2.1.3');
    assert.deepEqual(ms.hashes, [{ alg: 'SHA-512', content: MS_SHA512 }]);
    assert.deepEqual(ms.licenses, [{ license: { id: 'MIT' } }]);
    assert.deepEqual(ms.externalReferences, [
      { url: MS_URL, type: 'distribution', hashes: [{ alg: 'SHA-512', content: MS_SHA512 }] },
    ]);
    assert.deepEqual(component('pkg:npm/semver@7.8.6').licenses, [{ expression: '(ISC OR MIT)' }]);
    const vendor = component('pkg:npm/vendor-sdk@3.0.0');
    assert.deepEqual(vendor.licenses, [{ license: { name: 'SEE LICENSE IN LICENSE.md' } }]);
    assert.equal(vendor.hashes, undefined);
    assert.equal(vendor.externalReferences, undefined);
    assert.deepEqual(component('pkg:cargo/proc-macro2@1.0.69').hashes, [
      { alg: 'SHA-256', content: '134c189feb4956b20f6f547d2cf727d4c0fe06722b20a0eec87ed445a97f92da' },
    ]);
  });

  it('CycloneDX XML carries the same hashes, licences and references', () => {
    const xml = renderSbom(input, 'cyclonedx-xml');
    assert.equal(XMLValidator.validate(xml), true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'component' }).parse(
      xml,
    );
    const ms = parsed.bom.components.component.find((c: { purl: string }) => c.purl === 'pkg:npm/ms@2.1.3');
    assert.deepEqual(ms.hashes.hash, { '#text': MS_SHA512, '@_alg': 'SHA-512' });
    assert.equal(ms.licenses.license.id, 'MIT');
    assert.equal(ms.externalReferences.reference['@_type'], 'distribution');
    assert.equal(ms.externalReferences.reference.url, MS_URL);
  });

  it('SPDX: checksums, licenseDeclared (NOASSERTION for non-SPDX text), downloadLocation', () => {
    const doc = JSON.parse(renderSbom(input, 'spdx-json'));
    assert.equal(validateSpdx(doc), true, JSON.stringify(validateSpdx.errors));
    const pkg = (name: string) => doc.packages.find((p: { name: string }) => p.name === name);
    assert.deepEqual(
      [pkg('ms').downloadLocation, pkg('ms').checksums, pkg('ms').licenseDeclared],
      [MS_URL, [{ algorithm: 'SHA512', checksumValue: MS_SHA512 }], 'MIT'],
    );
    assert.equal(pkg('semver').licenseDeclared, '(ISC OR MIT)');
    assert.equal(pkg('vendor-sdk').licenseDeclared, 'NOASSERTION');
    assert.equal(pkg('vendor-sdk').downloadLocation, 'NOASSERTION');
    assert.equal(pkg('vendor-sdk').checksums, undefined);
    // A package whose lockfile records no licence makes no claim at all.
    assert.equal('licenseDeclared' in pkg('proc-macro2'), false);
  });
});

const arbPackage = fc.record({
  ecosystem: fc.constantFrom(...LOCKFILE_ECOSYSTEMS),
  name: fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }),
  version: fc.string({ minLength: 1, maxLength: 8 }),
  direct: fc.constantFrom(true, false, undefined),
  dev: fc.constantFrom(true, false, undefined),
  hashes: fc.option(
    fc.array(
      fc.oneof(
        fc.stringMatching(/^[0-9a-f]{40}$/).map((value) => ({ algorithm: 'SHA-1' as const, value })),
        fc.stringMatching(/^[0-9a-f]{64}$/).map((value) => ({ algorithm: 'SHA-256' as const, value })),
      ),
      { maxLength: 2 },
    ),
    { nil: undefined },
  ),
  license: fc.option(
    fc.oneof(
      fc.constantFrom('MIT', 'mit', '(ISC OR MIT)', 'SEE LICENSE IN LICENSE', '__proto__', 'constructor'),
      fc.string({ minLength: 1 }),
    ),
    { nil: undefined },
  ),
  downloadUrl: fc.option(fc.webUrl(), { nil: undefined }),
  // Written as properties/annotations whatever they hold (the parsers only pass well-formed ones).
  managerDigests: fc.option(
    fc.array(
      fc.record({
        kind: fc.constantFrom('yarn-checksum' as const, 'go-h1' as const),
        value: fc.string({ maxLength: 20, unit: 'binary' }),
      }),
      { maxLength: 2 },
    ),
    { nil: undefined },
  ),
});

type RawPackage = typeof arbPackage extends fc.Arbitrary<infer T> ? T : never;

/** Generated packages (generic purls, unique per index) and edges by index → an SBOM input. */
function sbomInput(raw: readonly RawPackage[], pairs: readonly [number, number][], name: string): SbomInput {
  const packages: Package[] = raw.map(({ hashes, license, downloadUrl, managerDigests, ...p }, i) => ({
    ...p,
    ...(hashes ? { hashes } : {}),
    ...(license ? { license } : {}),
    ...(downloadUrl ? { downloadUrl } : {}),
    ...(managerDigests ? { managerDigests } : {}),
    purl: `pkg:generic/${encodeURIComponent(p.name)}@${encodeURIComponent(p.version)}?n=${i}`,
    location: { file: 'x.lock', line: i + 1 },
  }));
  const edges: Edge[] = pairs
    .filter(([a, b]) => a < packages.length && b < packages.length)
    .map(([a, b]) => [packages[a]?.purl as string, packages[b]?.purl as string]);
  return {
    subject: { name },
    ...mergeResults([{ packages, edges, problems: [] }]),
    timestamp,
    toolVersion: '1.0.0',
  };
}

describe('CycloneDX XML: characters XML cannot carry', () => {
  it('writes control characters and lone surrogates of a hostile name as U+FFFD; JSON keeps them', () => {
    const pkg: Package = {
      ecosystem: 'npm',
      name: 'evil\u0001name\ud800',
      version: '1.0.0',
      purl: 'pkg:npm/evil%01name@1.0.0',
      direct: true,
      dev: false,
      location: { file: 'package-lock.json', line: 1 },
    };
    const input: SbomInput = {
      subject: { name: 'p\u0002' },
      packages: [pkg],
      edges: [],
      timestamp,
      toolVersion: '1',
    };
    const xml = renderSbom(input, 'cyclonedx-xml');
    for (const bad of ['\u0001', '\u0002', '\ud800']) assert.equal(xml.includes(bad), false);
    assert.match(xml, /<name>evil\uFFFDname\uFFFD<\/name>/);
    assert.match(xml, /bom-ref="pkg:npm\/evil%01name@1.0.0"/);
    assert.equal(JSON.parse(renderSbom(input, 'cyclonedx-json')).components[0].name, 'evil\u0001name\ud800');
  });
});

describe('CycloneDX XML against the official 1.6 XSD (xmllint)', () => {
  const xsd = cycloneDx16XsdValidator();
  const skip = 'missing' in xsd ? xsd.missing : false;

  it('the fixture project and the artifact facts validate; a broken document does not', { skip }, () => {
    if (!('validate' in xsd)) return;
    const fixtures = path.resolve(project, '../../lockfiles');
    const read = (rel: string) => parseLockfile(rel, readFileSync(path.join(fixtures, rel), 'utf8'));
    const artifacts: SbomInput = {
      subject: { name: 'artifacts' },
      ...mergeResults([read('npm/artifacts/package-lock.json'), read('cargo/Cargo.lock')]),
      timestamp,
      toolVersion: '9.9.9',
    };
    const good = [renderSbom(fixtureInput(), 'cyclonedx-xml'), renderSbom(artifacts, 'cyclonedx-xml')];
    const broken = (good[1] as string).replace('<hashes>', '<hashes><bogus/>');
    assert.deepEqual(xsd.validate([...good, broken]).slice(0, 2), [[], []]);
    assert.match(xsd.validate([broken])[0]?.join('\n') ?? '', /bogus.*not expected/);
  });

  it('generated package sets (hashes, licences, URLs, manager digests, binary names) validate', {
    skip,
  }, () => {
    if (!('validate' in xsd)) return;
    const docs = fc
      .sample(fc.array(arbPackage, { maxLength: 8 }), { numRuns: 40, seed: 7 })
      .map((raw) => renderSbom(sbomInput(raw, [], 'fuzz'), 'cyclonedx-xml'));
    const errors = xsd.validate(docs).flatMap((e, i) => (e.length > 0 ? [`doc ${i}: ${e.join('; ')}`] : []));
    assert.deepEqual(errors, []);
  });
});

describe('fuzz: any package set gives schema-valid SBOMs in every format', () => {
  it('never throws; CycloneDX JSON validates, XML is well-formed, SPDX is structurally valid', () => {
    fc.assert(
      fc.property(
        fc.array(arbPackage, { maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 10 }),
        (raw, pairs, name) => {
          const input = sbomInput(raw, pairs, name);
          const outputs = Object.fromEntries(SBOM_FORMATS.map((f) => [f, renderSbom(input, f)]));
          const bom = JSON.parse(outputs['cyclonedx-json'] as string);
          assert.equal(validateCdx(bom), true, JSON.stringify(validateCdx.errors));
          assert.equal(XMLValidator.validate(outputs['cyclonedx-xml'] as string), true);
          const spdx = JSON.parse(outputs['spdx-json'] as string);
          assert.equal(validateSpdx(spdx), true, JSON.stringify(validateSpdx.errors));
          assert.deepEqual(spdxReferenceErrors(spdx), []);
          assert.equal(spdx.packages.length, input.packages.length + 1);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * Test-only validators: the official CycloneDX 1.6 JSON schema (shipped inside
 * @cyclonedx/cyclonedx-library) and an SPDX 2.3 structural schema. No npm package ships the
 * official SPDX 2.3 JSON schema, so `SPDX_23_REQUIRED` encodes the fields the SPDX 2.3 spec
 * (and its JSON schema) require, with their patterns, for the subset Rampart writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const schemaDir = path.join(
  path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
  'res',
  'schema',
);

function loadSchema(file: string, id: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8')) as Record<string, unknown>;
  // bom-1.6 refers to its siblings by their SNAPSHOT file names: register them under those.
  return { ...schema, $id: id };
}

export function cycloneDx16Validator(): ValidateFunction {
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(
    loadSchema('spdx.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json'),
  );
  ajv.addSchema(
    loadSchema('jsf-0.82.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json'),
  );
  return ajv.compile(
    loadSchema('bom-1.6.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/bom-1.6.schema.json'),
  );
}

/**
 * Validates CycloneDX 1.6 XML documents against the official XSD shipped with the library, with
 * libxml2's `xmllint` (no network: the XSD imports its SPDX sibling by relative path). The
 * library's own XML validator needs libxmljs2, a native module; xmllint is the Debian package
 * libxml2-utils. Returns why it cannot run, or one error list per document ([] = valid).
 */
export function cycloneDx16XsdValidator():
  | { readonly missing: string }
  | { readonly validate: (documents: readonly string[]) => string[][] } {
  if (spawnSync('xmllint', ['--version']).status !== 0)
    return { missing: 'xmllint is not installed (Debian package libxml2-utils)' };
  const xsd = path.join(schemaDir, 'bom-1.6.SNAPSHOT.xsd');
  return {
    validate(documents) {
      const dir = mkdtempSync(path.join(tmpdir(), 'rampart-xsd-'));
      try {
        const files = documents.map((doc, i) => {
          const file = path.join(dir, `bom-${i}.xml`);
          writeFileSync(file, doc);
          return file;
        });
        // One xmllint run for all documents; its messages start with the file name.
        const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, ...files], {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const lines = run.stderr.split('\n').filter((l) => l !== '');
        return files.map((file) =>
          lines.filter((l) => l.startsWith(`${file}:`) || (l.startsWith(file) && !l.endsWith(' validates'))),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const SPDX_ID = '^SPDXRef-[A-Za-z0-9.-]+$';

/**
 * Property names the SPDX 2.3 JSON schema allows on each object (spec clauses 6–12 in their JSON
 * spelling): with `additionalProperties: false`, as in the official schema, a misspelled or
 * invented field (`licenceDeclared`) fails validation instead of passing unseen.
 */
const DOCUMENT_REQUIRED = [
  'spdxVersion',
  'dataLicense',
  'SPDXID',
  'name',
  'documentNamespace',
  'creationInfo',
  'packages',
  'relationships',
] as const;

const ALLOWED = {
  document: [
    ...DOCUMENT_REQUIRED,
    'comment',
    'documentDescribes',
    'externalDocumentRefs',
    'hasExtractedLicensingInfos',
    'files',
    'snippets',
    'annotations',
  ],
  creationInfo: ['created', 'creators', 'comment', 'licenseListVersion'],
  package: [
    'SPDXID',
    'name',
    'versionInfo',
    'downloadLocation',
    'filesAnalyzed',
    'checksums',
    'licenseDeclared',
    'primaryPackagePurpose',
    'externalRefs',
    'annotations',
    'attributionTexts',
    'builtDate',
    'comment',
    'copyrightText',
    'description',
    'hasFiles',
    'homepage',
    'licenseComments',
    'licenseConcluded',
    'licenseInfoFromFiles',
    'originator',
    'packageFileName',
    'packageVerificationCode',
    'releaseDate',
    'sourceInfo',
    'summary',
    'supplier',
    'validUntilDate',
  ],
  externalRef: ['referenceCategory', 'referenceType', 'referenceLocator', 'comment'],
  relationship: ['spdxElementId', 'relationshipType', 'relatedSpdxElement', 'comment'],
} as const;

/** `properties` plus the other allowed names (unconstrained here), nothing else. */
function closed<P extends Record<string, unknown>>(properties: P, allowed: readonly string[]) {
  const open = Object.fromEntries(allowed.filter((k) => !(k in properties)).map((k) => [k, {}]));
  return { properties: { ...open, ...properties }, additionalProperties: false } as const;
}

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$' } as const;
const AGENT = { type: 'string', pattern: '^(Tool|Organization|Person): .+' } as const;

/** SPDX 2.3 required fields (spec clauses 6.1–6.9, 7.1–7.2, 7.7, 11.1, 12.1–12.4) as a JSON schema. */
export const SPDX_23_REQUIRED = {
  type: 'object',
  required: DOCUMENT_REQUIRED,
  ...closed(
    {
      spdxVersion: { const: 'SPDX-2.3' },
      dataLicense: { const: 'CC0-1.0' },
      SPDXID: { const: 'SPDXRef-DOCUMENT' },
      name: { type: 'string', minLength: 1 },
      // An absolute URI without a fragment (clause 6.5).
      documentNamespace: { type: 'string', format: 'uri', pattern: '^[a-z]+://[^#]+$' },
      creationInfo: {
        type: 'object',
        required: ['created', 'creators'],
        ...closed(
          { created: DATE, creators: { type: 'array', minItems: 1, items: AGENT } },
          ALLOWED.creationInfo,
        ),
      },
      packages: {
        type: 'array',
        items: {
          type: 'object',
          required: ['SPDXID', 'name', 'downloadLocation'],
          ...closed(
            {
              SPDXID: { type: 'string', pattern: SPDX_ID },
              name: { type: 'string', minLength: 1 },
              versionInfo: { type: 'string' },
              downloadLocation: { type: 'string', minLength: 1 },
              filesAnalyzed: { type: 'boolean' },
              checksums: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['algorithm', 'checksumValue'],
                  additionalProperties: false,
                  properties: {
                    algorithm: { enum: ['MD5', 'SHA1', 'SHA256', 'SHA384', 'SHA512'] },
                    checksumValue: { type: 'string', pattern: '^[0-9a-f]+$' },
                  },
                },
              },
              licenseDeclared: { type: 'string', minLength: 1 },
              primaryPackagePurpose: {
                enum: [
                  'APPLICATION',
                  'FRAMEWORK',
                  'LIBRARY',
                  'CONTAINER',
                  'OPERATING-SYSTEM',
                  'DEVICE',
                  'FIRMWARE',
                  'SOURCE',
                  'ARCHIVE',
                  'FILE',
                  'INSTALL',
                  'OTHER',
                ],
              },
              externalRefs: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['referenceCategory', 'referenceType', 'referenceLocator'],
                  ...closed(
                    {
                      referenceCategory: { enum: ['SECURITY', 'PACKAGE-MANAGER', 'PERSISTENT-ID', 'OTHER'] },
                      referenceType: { type: 'string' },
                      referenceLocator: { type: 'string', pattern: '^\\S+$' },
                    },
                    ALLOWED.externalRef,
                  ),
                },
              },
              // Clause 12: all four fields required; the date like `created`, the annotator like a creator.
              annotations: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['annotationDate', 'annotationType', 'annotator', 'comment'],
                  additionalProperties: false,
                  properties: {
                    annotationDate: DATE,
                    annotationType: { enum: ['OTHER', 'REVIEW'] },
                    annotator: AGENT,
                    comment: { type: 'string', minLength: 1 },
                  },
                },
              },
            },
            ALLOWED.package,
          ),
        },
      },
      relationships: {
        type: 'array',
        items: {
          type: 'object',
          required: ['spdxElementId', 'relationshipType', 'relatedSpdxElement'],
          ...closed(
            {
              spdxElementId: { type: 'string', pattern: SPDX_ID },
              relatedSpdxElement: { type: 'string', pattern: SPDX_ID },
              relationshipType: { enum: ['DESCRIBES', 'DEPENDS_ON', 'DEV_DEPENDENCY_OF'] },
            },
            ALLOWED.relationship,
          ),
        },
      },
    },
    ALLOWED.document,
  ),
} as const;

export function spdx23Validator(): ValidateFunction {
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(SPDX_23_REQUIRED);
}

/** SPDX also requires unique SPDXIDs and relationships that name existing elements. */
export function spdxReferenceErrors(doc: {
  packages: readonly { SPDXID: string }[];
  relationships: readonly { spdxElementId: string; relatedSpdxElement: string }[];
}): string[] {
  const ids = new Set<string>(['SPDXRef-DOCUMENT']);
  const errors: string[] = [];
  for (const p of doc.packages) {
    if (ids.has(p.SPDXID)) errors.push(`duplicate SPDXID ${p.SPDXID}`);
    ids.add(p.SPDXID);
  }
  for (const r of doc.relationships)
    for (const id of [r.spdxElementId, r.relatedSpdxElement])
      if (!ids.has(id)) errors.push(`unknown element ${id}`);
  return errors;
}

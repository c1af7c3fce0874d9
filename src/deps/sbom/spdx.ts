import type { HashAlgorithm, Package } from '../lockfiles/types.ts';
import { spdxLicense } from './license.ts';
import { managerDigestProperties } from './manager-digests.ts';
import { rootDependencies } from './merge.ts';
import type { SbomInput } from './types.ts';
import { contentKey, contentUuid } from './uuid.ts';

/** The SPDX 2.3 JSON fields Rampart writes (a subset of the spec, all required ones included). */
export interface SpdxDocument {
  readonly spdxVersion: 'SPDX-2.3';
  readonly dataLicense: 'CC0-1.0';
  readonly SPDXID: 'SPDXRef-DOCUMENT';
  readonly name: string;
  readonly documentNamespace: string;
  readonly creationInfo: { readonly created: string; readonly creators: readonly string[] };
  readonly packages: readonly SpdxPackage[];
  readonly relationships: readonly SpdxRelationship[];
}

export interface SpdxPackage {
  readonly SPDXID: string;
  readonly name: string;
  readonly versionInfo?: string;
  /** The package manager's download URL where the lockfile records it. */
  readonly downloadLocation: string;
  readonly filesAnalyzed: false;
  readonly checksums?: readonly {
    readonly algorithm: SpdxChecksumAlgorithm;
    readonly checksumValue: string;
  }[];
  /** An SPDX id/expression or NOASSERTION; absent when the lockfile records no licence. */
  readonly licenseDeclared?: string;
  readonly primaryPackagePurpose?: 'APPLICATION' | 'LIBRARY';
  readonly externalRefs?: readonly {
    readonly referenceCategory: 'PACKAGE-MANAGER';
    readonly referenceType: 'purl';
    readonly referenceLocator: string;
  }[];
  /** Manager digests (not of the artifact), one `OTHER` annotation each: SPDX 2.3 has no properties. */
  readonly annotations?: readonly SpdxAnnotation[];
}

export interface SpdxAnnotation {
  readonly annotationDate: string;
  readonly annotationType: 'OTHER';
  readonly annotator: string;
  /** `<property name>=<value>`, the CycloneDX property spelled as one string. */
  readonly comment: string;
}

export type SpdxChecksumAlgorithm = 'MD5' | 'SHA1' | 'SHA256' | 'SHA384' | 'SHA512';

const SPDX_ALGORITHM: Readonly<Record<HashAlgorithm, SpdxChecksumAlgorithm>> = {
  MD5: 'MD5',
  'SHA-1': 'SHA1',
  'SHA-256': 'SHA256',
  'SHA-384': 'SHA384',
  'SHA-512': 'SHA512',
};

export interface SpdxRelationship {
  readonly spdxElementId: string;
  readonly relationshipType: 'DESCRIBES' | 'DEPENDS_ON' | 'DEV_DEPENDENCY_OF';
  readonly relatedSpdxElement: string;
}

export const SPDX_NAMESPACE_BASE = 'https://rampart.dev/spdxdocs/';
const PROJECT_ID = 'SPDXRef-Project';

/**
 * SPDX 2.3 document: the project package (DESCRIBES), one package per lockfile package with its
 * purl, and DEPENDS_ON relationships from the project to its direct packages and along the
 * lockfile edges. Dev packages the project needs are DEV_DEPENDENCY_OF the project.
 */
export function buildSpdx(input: SbomInput): SpdxDocument {
  const uuid = contentUuid(
    contentKey(
      input.subject,
      input.packages.map((p) => p.purl),
    ),
  );
  const ids = new Map<string, string>();
  const used = new Set<string>([PROJECT_ID]);
  // SPDX wants seconds precision: YYYY-MM-DDThh:mm:ssZ.
  const created = `${input.timestamp.toISOString().slice(0, 19)}Z`;
  const creator = `Tool: rampart-${input.toolVersion}`;
  const packages: SpdxPackage[] = [
    {
      SPDXID: PROJECT_ID,
      name: input.subject.name,
      ...(input.subject.version === undefined ? {} : { versionInfo: input.subject.version }),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'APPLICATION',
    },
  ];
  for (const pkg of input.packages) {
    const id = uniqueId(`SPDXRef-Package-${pkg.ecosystem}-${pkg.name}-${pkg.version}`, used);
    ids.set(pkg.purl, id);
    packages.push({
      SPDXID: id,
      name: pkg.name,
      versionInfo: pkg.version,
      downloadLocation: pkg.downloadUrl ?? 'NOASSERTION',
      filesAnalyzed: false,
      ...artifactFields(pkg),
      primaryPackagePurpose: 'LIBRARY',
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl },
      ],
      ...annotations(pkg, created, creator),
    });
  }
  const relationships: SpdxRelationship[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: PROJECT_ID },
  ];
  for (const pkg of rootDependencies(input.packages, input.edges)) {
    const id = ids.get(pkg.purl) as string;
    relationships.push(
      pkg.dev === true
        ? { spdxElementId: id, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: PROJECT_ID }
        : { spdxElementId: PROJECT_ID, relationshipType: 'DEPENDS_ON', relatedSpdxElement: id },
    );
  }
  for (const [from, to] of input.edges) {
    const a = ids.get(from);
    const b = ids.get(to);
    if (a && b)
      relationships.push({ spdxElementId: a, relationshipType: 'DEPENDS_ON', relatedSpdxElement: b });
  }
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: input.subject.name,
    documentNamespace: `${SPDX_NAMESPACE_BASE}${encodeURIComponent(input.subject.name)}-${uuid}`,
    creationInfo: { created, creators: [creator] },
    packages,
    relationships,
  };
}

function artifactFields(pkg: Package): Pick<SpdxPackage, 'checksums' | 'licenseDeclared'> {
  const checksums = (pkg.hashes ?? []).map((h) => ({
    algorithm: SPDX_ALGORITHM[h.algorithm],
    checksumValue: h.value,
  }));
  const license = pkg.license?.trim();
  return {
    ...(checksums.length > 0 ? { checksums } : {}),
    ...(license ? { licenseDeclared: spdxLicense(license) } : {}),
  };
}

/** Dated and signed like the document: the annotation is Rampart's, made when it wrote the SBOM. */
function annotations(pkg: Package, date: string, annotator: string): Pick<SpdxPackage, 'annotations'> {
  const list = managerDigestProperties(pkg).map(
    ([name, value]): SpdxAnnotation => ({
      annotationDate: date,
      annotationType: 'OTHER',
      annotator,
      comment: `${name}=${value}`,
    }),
  );
  return list.length > 0 ? { annotations: list } : {};
}

export function serializeSpdx(doc: SpdxDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** SPDXIDs allow only letters, digits, `.` and `-`; clashes after cleaning get a counter. */
function uniqueId(raw: string, used: Set<string>): string {
  const base = raw.replace(/[^A-Za-z0-9.-]+/g, '-');
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

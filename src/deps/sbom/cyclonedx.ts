import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { Package } from '../lockfiles/types.ts';
import { cycloneDxLicense } from './license.ts';
import { managerDigestProperties } from './manager-digests.ts';
import { rootDependencies } from './merge.ts';
import type { SbomInput } from './types.ts';
import { contentKey, contentUuid } from './uuid.ts';

/** bom-ref of the scanned project; packages use their purl as bom-ref (unique after merging). */
export const PROJECT_BOM_REF = 'rampart:project';

/**
 * Builds a CycloneDX BOM: one `library` component per package (bom-ref = purl), the project as
 * metadata.component, Rampart in metadata.tools, and the dependency graph from the lockfile
 * edges. Scope: dev → optional, production → required; unknown (format does not say) → omitted.
 * Hashes, licence and download URL where the lockfile records them.
 */
export function buildCycloneDx(input: SbomInput): Models.Bom {
  const bom = new Models.Bom({
    serialNumber: `urn:uuid:${contentUuid(
      contentKey(
        input.subject,
        input.packages.map((p) => p.purl),
      ),
    )}`,
  });
  bom.metadata.timestamp = input.timestamp;
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'rampart', { version: input.toolVersion }),
  );
  const project = new Models.Component(Enums.ComponentType.Application, input.subject.name, {
    bomRef: PROJECT_BOM_REF,
    ...(input.subject.version === undefined ? {} : { version: input.subject.version }),
  });
  bom.metadata.component = project;

  const byPurl = new Map<string, Models.Component>();
  for (const pkg of input.packages) {
    const component = new Models.Component(Enums.ComponentType.Library, pkg.name, {
      bomRef: pkg.purl,
      version: pkg.version,
      purl: pkg.purl,
      ...(pkg.dev === undefined
        ? {}
        : { scope: pkg.dev ? Enums.ComponentScope.Optional : Enums.ComponentScope.Required }),
    });
    addArtifactFacts(component, pkg);
    byPurl.set(pkg.purl, component);
    bom.components.add(component);
  }
  for (const [from, to] of input.edges) {
    const child = byPurl.get(to);
    if (child) byPurl.get(from)?.dependencies.add(child.bomRef);
  }
  for (const pkg of rootDependencies(input.packages, input.edges)) {
    const component = byPurl.get(pkg.purl);
    if (component) project.dependencies.add(component.bomRef);
  }
  return bom;
}

/**
 * What the lockfile records about the artifact: `hashes`, `licenses` (an SPDX id or expression
 * where it is one, else a named licence) and a `distribution` external reference to the URL the
 * package manager downloads (it carries the same hashes: they are that file's digests). Manager
 * digests (not of the artifact) are `properties` in the `rampart:` namespace.
 */
function addArtifactFacts(component: Models.Component, pkg: Package): void {
  for (const hash of pkg.hashes ?? []) component.hashes.set(Enums.HashAlgorithm[hash.algorithm], hash.value);
  if (pkg.license !== undefined && pkg.license.trim() !== '')
    component.licenses.add(cycloneDxLicense(pkg.license));
  if (pkg.downloadUrl !== undefined)
    component.externalReferences.add(
      new Models.ExternalReference(pkg.downloadUrl, Enums.ExternalReferenceType.Distribution, {
        hashes: new Models.HashDictionary(component.hashes),
      }),
    );
  for (const [name, value] of managerDigestProperties(pkg))
    component.properties.add(new Models.Property(name, value));
}

/** Serializes with the library's own serializers (spec 1.6, sorted lists: stable output). */
export function serializeCycloneDx(bom: Models.Bom, format: 'json' | 'xml'): string {
  const options = { sortLists: true, space: 2 };
  const text =
    format === 'json'
      ? new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6)).serialize(
          bom,
          options,
        )
      : new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(Spec.Spec1dot6)).serialize(
          bom,
          options,
        );
  const out = format === 'xml' ? text.replace(NOT_XML_CHAR, '\uFFFD') : text;
  return out.endsWith('\n') ? out : `${out}\n`;
}

/**
 * Characters XML 1.0 cannot carry at all, not even escaped (C0 controls but tab/LF/CR, U+FFFE/F,
 * lone surrogates): a hostile lockfile's package name must not make the BOM unparsable. Purls,
 * and so bom-refs, are percent-encoded and never contain them; the JSON output keeps them.
 */
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

import { buildCycloneDx, serializeCycloneDx } from './cyclonedx.ts';
import { buildSpdx, serializeSpdx } from './spdx.ts';
import type { SbomFormat, SbomInput } from './types.ts';

export { buildCycloneDx, PROJECT_BOM_REF, serializeCycloneDx } from './cyclonedx.ts';
export { mergeResults, type PackageSet, rootDependencies } from './merge.ts';
export { buildSpdx, type SpdxDocument, serializeSpdx } from './spdx.ts';
export { SBOM_FORMATS, type SbomFormat, type SbomInput, type SbomSubject } from './types.ts';

/** One entry point for the CLI: the SBOM text in the requested format. */
export function renderSbom(input: SbomInput, format: SbomFormat): string {
  switch (format) {
    case 'cyclonedx-json':
      return serializeCycloneDx(buildCycloneDx(input), 'json');
    case 'cyclonedx-xml':
      return serializeCycloneDx(buildCycloneDx(input), 'xml');
    case 'spdx-json':
      return serializeSpdx(buildSpdx(input));
  }
}

import type { Edge, Package } from '../lockfiles/types.ts';

/** The scanned project: the BOM's subject (CycloneDX metadata.component, SPDX DESCRIBES target). */
export interface SbomSubject {
  readonly name: string;
  readonly version?: string;
}

/** Everything an SBOM is built from. Pure data: the timestamp is injected so output is reproducible. */
export interface SbomInput {
  readonly subject: SbomSubject;
  readonly packages: readonly Package[];
  readonly edges: readonly Edge[];
  readonly timestamp: Date;
  /** Rampart's version, recorded as the generating tool. */
  readonly toolVersion: string;
}

export type SbomFormat = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json';

export const SBOM_FORMATS: readonly SbomFormat[] = ['cyclonedx-json', 'cyclonedx-xml', 'spdx-json'];

import { alpine } from './alpine.ts';
import { crates } from './crates.ts';
import { debian } from './debian.ts';
import { VersionError } from './errors.ts';
import { go } from './go.ts';
import { maven } from './maven.ts';
import { npm } from './npm.ts';
import { nuget } from './nuget.ts';
import { packagist } from './packagist.ts';
import { pypi } from './pypi.ts';
import { rpm } from './rpm.ts';
import { rubygems } from './rubygems.ts';
import type { VersionScheme } from './scheme.ts';

export { VersionError } from './errors.ts';

/** Every supported ecosystem, keyed by its OSV name (`affected[].package.ecosystem`). */
export const VERSION_SCHEMES = {
  npm,
  PyPI: pypi,
  Maven: maven,
  Go: go,
  'crates.io': crates,
  RubyGems: rubygems,
  Packagist: packagist,
  NuGet: nuget,
  Debian: debian,
  Alpine: alpine,
  'Red Hat': rpm,
} as const satisfies Record<string, VersionScheme<unknown>>;

export type VersionEcosystem = keyof typeof VERSION_SCHEMES;
export const VERSION_ECOSYSTEMS = Object.keys(VERSION_SCHEMES) as VersionEcosystem[];

const BY_LOWER_NAME = new Map<string, VersionScheme>(
  Object.entries(VERSION_SCHEMES).map(([name, scheme]) => [name.toLowerCase(), scheme]),
);

/**
 * The scheme for an OSV ecosystem name. Case does not matter (`pypi`, for people typing on the
 * command line), and a release suffix is ignored: OSV writes `Debian:12`, `Alpine:v3.20`,
 * `Red Hat:rhel_aus:8.4::appstream`, and one release orders versions like any other.
 */
export function versionScheme(ecosystem: string): VersionScheme {
  const exact = BY_LOWER_NAME.get(ecosystem.toLowerCase());
  if (exact) return exact;
  const colon = ecosystem.indexOf(':');
  const base = colon === -1 ? undefined : BY_LOWER_NAME.get(ecosystem.slice(0, colon).toLowerCase());
  if (base) return base;
  throw new VersionError(ecosystem, undefined, `unknown ecosystem (known: ${VERSION_ECOSYSTEMS.join(', ')})`);
}

/**
 * Orders two versions of one ecosystem: negative if `a` is older, zero if equal, positive if
 * newer. Throws VersionError (code E_VERSION) for an unknown ecosystem or an invalid version.
 */
export function compareVersions(ecosystem: string, a: string, b: string): number {
  const scheme = versionScheme(ecosystem);
  return Math.sign(scheme.compare(scheme.parse(a), scheme.parse(b)));
}

/** Whether the ecosystem accepts `version`; throws only for an unknown ecosystem. */
export function isValidVersion(ecosystem: string, version: string): boolean {
  const scheme = versionScheme(ecosystem);
  try {
    scheme.parse(version);
    return true;
  } catch (error) {
    if (error instanceof VersionError) return false;
    throw error;
  }
}

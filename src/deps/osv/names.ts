/**
 * Package names as each ecosystem compares them, so `Flask` in a requirements file finds the
 * advisory for `flask`. Where the registry is case-sensitive (npm, Go, RubyGems, crates.io,
 * Maven) the name is kept exactly: folding would invent matches between distinct packages.
 */

/** OSV ecosystem names we know, keyed by lower case (people type `pypi`). */
const CANONICAL_ECOSYSTEMS = new Map(
  [
    'npm',
    'PyPI',
    'Go',
    'crates.io',
    'RubyGems',
    'Packagist',
    'Maven',
    'NuGet',
    'Debian',
    'Alpine',
    'Red Hat',
    'Ubuntu',
    'Hex',
    'Pub',
    'SwiftURL',
    'Hackage',
    'CRAN',
    'Bioconductor',
    'GitHub Actions',
    'Linux',
    'OSS-Fuzz',
    'Rocky Linux',
    'AlmaLinux',
    'SUSE',
    'openSUSE',
    'Wolfi',
    'Chainguard',
    'Photon OS',
    'Mageia',
    'MinimOS',
    'Azure Linux',
    'openEuler',
    'Echo',
    'BellSoft Hardened Containers',
    'ConanCenter',
    'Julia',
    'Bitnami',
    'Kubernetes',
    'Android',
    'GIT',
  ].map((name) => [name.toLowerCase(), name]),
);

/**
 * The ecosystem family an advisory is indexed under: OSV appends a release to some ecosystems
 * (`Debian:12`, `Alpine:v3.20`, `Ubuntu:22.04:LTS`); the index keys on the part before it.
 */
export function baseEcosystem(ecosystem: string): string {
  const trimmed = ecosystem.trim();
  const colon = trimmed.indexOf(':');
  const base = colon === -1 ? trimmed : trimmed.slice(0, colon);
  return CANONICAL_ECOSYSTEMS.get(base.toLowerCase()) ?? base;
}

/**
 * Whether an advisory's `affected[].package.ecosystem` covers the ecosystem of a package. A
 * package without a release (`Debian`) matches every release; with one, only the same release.
 */
export function ecosystemMatches(advisory: string, pkg: string): boolean {
  if (baseEcosystem(advisory) !== baseEcosystem(pkg)) return false;
  const release = (e: string) => {
    const colon = e.indexOf(':');
    return colon === -1 ? '' : e.slice(colon + 1).trim();
  };
  const wanted = release(pkg);
  return wanted === '' || release(advisory) === wanted;
}

/** Ecosystem-specific canonical form of a package name (the index key). */
export function normalizePackageName(ecosystem: string, name: string): string {
  const trimmed = name.trim();
  switch (baseEcosystem(ecosystem)) {
    case 'PyPI':
      // PEP 503: runs of -, _ and . are equivalent and names are case-insensitive.
      return trimmed.toLowerCase().replace(/[-_.]+/g, '-');
    case 'NuGet':
    case 'Packagist':
      // Both registries treat ids case-insensitively (NuGet ids, composer vendor/package).
      return trimmed.toLowerCase();
    case 'Maven':
      // group:artifact; stray spaces around the colon come from hand-written records.
      return trimmed
        .split(':')
        .map((part) => part.trim())
        .join(':');
    case 'Go':
      // Module paths are case-sensitive; a trailing slash is never part of one.
      return trimmed.replace(/\/+$/, '');
    default:
      return trimmed;
  }
}

import type { LockfileEcosystem } from './types.ts';

/** purl spec: a segment is percent-encoded; `:` may stay literal (the spec's reference implementations keep it). */
function enc(segment: string): string {
  return encodeURIComponent(segment).replaceAll('%3A', ':');
}

/** PEP 503: lowercase, runs of `-`, `_`, `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const TYPE: Record<LockfileEcosystem, string> = {
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'crates.io': 'cargo',
  RubyGems: 'gem',
  Packagist: 'composer',
  Maven: 'maven',
  NuGet: 'nuget',
};

/**
 * Builds the purl of a package. `name` is the ecosystem's own name: `@scope/x` (npm),
 * `vendor/x` (Packagist), `group:artifact` (Maven), a module path (Go).
 */
export function purlFor(
  ecosystem: LockfileEcosystem,
  name: string,
  version: string,
  qualifiers?: Readonly<Record<string, string>>,
): string {
  let path: string;
  switch (ecosystem) {
    case 'PyPI':
      path = enc(normalizePypiName(name));
      break;
    case 'Maven': {
      const colon = name.indexOf(':');
      path = colon < 0 ? enc(name) : `${enc(name.slice(0, colon))}/${enc(name.slice(colon + 1))}`;
      break;
    }
    case 'npm':
      // npm names are lowercase by rule; the scope's `@` is encoded as %40.
      path = name.split('/').map(enc).join('/');
      break;
    case 'Packagist':
      path = name.toLowerCase().split('/').map(enc).join('/');
      break;
    default:
      path = name.split('/').map(enc).join('/');
  }
  let purl = `pkg:${TYPE[ecosystem]}/${path}@${enc(version)}`;
  const keys = qualifiers ? Object.keys(qualifiers).sort() : [];
  if (qualifiers && keys.length > 0) {
    purl += `?${keys.map((k) => `${k}=${enc(qualifiers[k] ?? '')}`).join('&')}`;
  }
  return purl;
}

/**
 * Package URLs (https://github.com/package-url/purl-spec) read back into parts, for VEX product
 * matching and SBOM scanning. Lenient: anything that is not `pkg:type/…name` is undefined, never
 * an exception, because purls come from files we do not control.
 */
import type { LockfileEcosystem } from '../lockfiles/types.ts';

export interface Purl {
  /** Lowercased, as the spec requires. */
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
}

export function parsePurl(text: string): Purl | undefined {
  if (typeof text !== 'string' || !/^pkg:/i.test(text)) return undefined;
  let rest = text.slice(4).replace(/^\/+/, '');
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  // The version starts at the last `@` after the last `/`: an npm scope's `@` is encoded as %40
  // but some writers leave it literal, and then it sits before a `/`.
  const slash = rest.lastIndexOf('/');
  const at = rest.lastIndexOf('@');
  let version: string | undefined;
  if (at > slash) {
    version = decode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const parts = rest.split('/').filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  const type = (parts[0] as string).toLowerCase();
  const name = decode(parts[parts.length - 1] as string);
  const namespace = parts.slice(1, -1).map(decode).join('/');
  if (name === undefined || name === '' || !/^[a-z0-9.+-]+$/.test(type)) return undefined;
  return {
    type,
    ...(namespace ? { namespace } : {}),
    name,
    ...(version ? { version } : {}),
  };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** purl type → OSV ecosystem, for the ecosystems the advisory index holds. */
const ECOSYSTEMS: Readonly<Record<string, LockfileEcosystem>> = {
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  cargo: 'crates.io',
  gem: 'RubyGems',
  composer: 'Packagist',
  maven: 'Maven',
  nuget: 'NuGet',
};

/** The OSV ecosystem and package name of a purl, or undefined for types OSV matching cannot use. */
export function osvPackage(purl: Purl): { ecosystem: LockfileEcosystem; name: string } | undefined {
  const ecosystem = ECOSYSTEMS[purl.type];
  if (ecosystem === undefined) return undefined;
  const ns = purl.namespace;
  switch (purl.type) {
    case 'maven':
      return { ecosystem, name: ns ? `${ns}:${purl.name}` : purl.name };
    case 'pypi':
      return { ecosystem, name: purl.name.toLowerCase().replace(/[-_.]+/g, '-') };
    default:
      return { ecosystem, name: ns ? `${ns}/${purl.name}` : purl.name };
  }
}

/**
 * The identity VEX matching compares: type, namespace and name, lowercased where the spec says
 * names are case-insensitive (pypi, npm, composer…); version, qualifiers and subpath left out.
 */
export function purlIdentity(purl: Purl): string {
  const ns = purl.namespace ?? '';
  const caseless = purl.type !== 'golang' && purl.type !== 'maven' && purl.type !== 'generic';
  const id = `${purl.type}/${ns}/${purl.type === 'pypi' ? purl.name.replace(/[-_.]+/g, '-') : purl.name}`;
  return caseless ? id.toLowerCase() : id;
}

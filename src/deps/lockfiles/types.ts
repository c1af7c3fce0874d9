/** Ecosystem names exactly as the OSV schema spells them (`affected[].package.ecosystem`). */
export const LOCKFILE_ECOSYSTEMS = [
  'npm',
  'PyPI',
  'Go',
  'crates.io',
  'RubyGems',
  'Packagist',
  'Maven',
  'NuGet',
] as const;
export type LockfileEcosystem = (typeof LOCKFILE_ECOSYSTEMS)[number];

/** Where a package entry sits: the lockfile (as passed to `parse`) and its 1-based line. */
export interface PackageLocation {
  readonly file: string;
  readonly line: number;
}

export interface Package {
  readonly ecosystem: LockfileEcosystem;
  readonly name: string;
  readonly version: string;
  /** package-url (https://github.com/package-url/purl-spec). */
  readonly purl: string;
  /** true: declared by the project; false: pulled in by another package; undefined: the format does not say. */
  readonly direct: boolean | undefined;
  /** true: only needed for development/tests; undefined: the format does not say. */
  readonly dev: boolean | undefined;
  readonly location: PackageLocation;
  /** npm-family `optional` flag, only where the format records it. */
  readonly optional?: boolean;
  /** npm-family `peer` flag, only where the format records it. */
  readonly peer?: boolean;
  /** Digests of the registry artifact the lockfile pins (integrity, checksum…), where it records them. */
  readonly hashes?: readonly PackageHash[];
  /** The licence as the lockfile records it (package-lock `license`, composer.lock `license`). */
  readonly license?: string;
  /** Where the package manager downloads the artifact from (package-lock `resolved`, composer `dist.url`…). */
  readonly downloadUrl?: string;
  /**
   * Digests the package manager checks that are NOT of the registry artifact (so not `hashes`):
   * yarn berry's cache-archive `checksum`, go.sum's `h1:` tree hash. Kept as written.
   */
  readonly managerDigests?: readonly ManagerDigest[];
}

/**
 * `yarn-checksum`: yarn berry `checksum` (`10c0/<hex>` or bare hex), the SHA-512 of the zip Yarn
 * writes into its own cache, not of the registry tarball. `go-h1`: the go.sum `h1:<base64>` of
 * the module, a SHA-256 over the list of its files' SHA-256s (dirhash Hash1), not of the zip.
 */
export type ManagerDigestKind = 'yarn-checksum' | 'go-h1';

export interface ManagerDigest {
  readonly kind: ManagerDigestKind;
  /** Exactly as the lockfile writes it (`10c0/…`, `h1:…`). */
  readonly value: string;
}

/** Digest algorithms lockfiles use, named as CycloneDX spells them. */
export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface PackageHash {
  readonly algorithm: HashAlgorithm;
  /** Lower-case hex. */
  readonly value: string;
}

/**
 * `error`: the file (or an entry) could not be read. `notice`: an entry was deliberately not
 * reported as a package (unpinned range, path/git/workspace source, unresolved property…).
 */
export type ProblemSeverity = 'error' | 'notice';

export type ProblemKind =
  | 'syntax'
  | 'too-large'
  | 'too-deep'
  | 'invalid-entry'
  /** A recorded digest is malformed: the package is still read and checked, only its digest is dropped. */
  | 'invalid-digest'
  | 'unpinned'
  | 'non-registry'
  | 'include'
  | 'unresolved'
  | 'internal';

export interface Problem {
  readonly severity: ProblemSeverity;
  /** Error code (src/core/errors.ts) for `error` problems: E_INPUT_TOO_LARGE for `too-large`, else E_PARSE. */
  readonly code?: 'E_PARSE' | 'E_INPUT_TOO_LARGE';
  readonly kind: ProblemKind;
  readonly file: string;
  readonly line?: number;
  /** The entry the problem is about (package key, requirement, coordinates…). */
  readonly entry?: string;
  /** Names the file, and the entry or line. */
  readonly message: string;
}

/** A dependency edge between two package purls. */
export type Edge = readonly [from: string, to: string];

export interface ParseResult {
  readonly packages: Package[];
  readonly edges?: Edge[];
  readonly problems: Problem[];
}

/** What a parser may need besides the text: only requirements.txt reads other files (`-r`, `-c`). */
export interface ParseContext {
  /** Returns the text of a file, or undefined when it cannot be read. Paths are joined with `/`. */
  readonly readFile?: (path: string) => string | undefined;
}

export interface LockfileParser {
  /** Stable format name (`package-lock`, `yarn-v1`, `pnpm`, …). */
  readonly name: string;
  readonly ecosystem: LockfileEcosystem;
  /** Decided from the path alone (basename). */
  accepts(path: string): boolean;
  /** Never throws: bad input yields problems. */
  parse(path: string, text: string, context?: ParseContext): ParseResult;
}

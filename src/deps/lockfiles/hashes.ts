/**
 * The digest notations lockfiles use, decoded to (algorithm, lower-case hex). Anything that is
 * not a well-formed digest of a known algorithm is dropped: a wrong hash in an SBOM is worse
 * than none, and a lockfile's integrity field is not ours to validate. The readers added for
 * requirements `--hash`, yarn berry `checksum` and go.sum `h1:` return the reason instead, so
 * their parsers can report it: those values are the whole point of pip's hash-checking mode and
 * of the lockfile line, and the package manager itself refuses a malformed one.
 */
import type { HashAlgorithm, ManagerDigest, PackageHash } from './types.ts';

const BY_NAME: Readonly<Record<string, HashAlgorithm>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/** Hex digits per algorithm. */
const HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-384': 96,
  'SHA-512': 128,
};

/** A hex digest of a named algorithm (`sha256`, `SHA-256`…); undefined when malformed. */
export function hexHash(algorithm: string, hex: string): PackageHash | undefined {
  const alg = BY_NAME[algorithm.toLowerCase().replace('-', '')];
  if (alg === undefined || hex.length !== HEX_LENGTH[alg] || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  return { algorithm: alg, value: hex.toLowerCase() };
}

/**
 * A base64 digest (NuGet `contentHash`, the SRI payload); undefined when it does not decode to
 * exactly the algorithm's size. Buffer skips characters outside the alphabet, so a corrupt
 * value decodes short and is caught by the size check (no regex: this runs per package on
 * 20,000-entry lockfiles).
 */
export function base64Hash(algorithm: string, b64: string): PackageHash | undefined {
  const alg = BY_NAME[algorithm.toLowerCase().replace('-', '')];
  if (alg === undefined) return undefined;
  const bytes = HEX_LENGTH[alg] / 2;
  if (b64.length !== Math.ceil(bytes / 3) * 4 && b64.length !== Math.ceil((bytes * 4) / 3)) return undefined;
  const buf = Buffer.from(b64, 'base64');
  return buf.length === bytes ? { algorithm: alg, value: buf.toString('hex') } : undefined;
}

/**
 * Subresource Integrity (npm, pnpm, yarn v1, bun `integrity`): space-separated
 * `sha512-<base64>` entries, each with optional `?options`.
 */
export function integrityHashes(sri: string): PackageHash[] {
  const out: PackageHash[] = [];
  for (const token of /\s/.test(sri) ? sri.trim().split(/\s+/) : [sri]) {
    const dash = token.indexOf('-');
    if (dash < 0) continue;
    const q = token.indexOf('?', dash);
    const hash = base64Hash(token.slice(0, dash), q < 0 ? token.slice(dash + 1) : token.slice(dash + 1, q));
    if (hash && !out.some((h) => h.algorithm === hash.algorithm)) out.push(hash);
  }
  return out;
}

/** `sha256:<hex>` (Python lockfiles) or `sha256=<hex>` (Gemfile.lock CHECKSUMS). */
export function prefixedHash(text: string): PackageHash | undefined {
  const m = /^([A-Za-z0-9-]+)[:=]([0-9a-fA-F]+)$/.exec(text.trim());
  return m ? hexHash(m[1] ?? '', m[2] ?? '') : undefined;
}

/** A download URL worth recording: absolute http(s) with a host, no whitespace (not `file:`, git or path). */
export function downloadUrl(value: string | undefined): string | undefined {
  return value !== undefined && /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i.test(value) ? value : undefined;
}

/**
 * Python lockfiles list one digest per distribution file (each wheel, the sdist), and the
 * installer takes whichever file fits the platform. Only when exactly one file is listed is its
 * digest (and URL) the package's artifact; with several, none of them is, so none is recorded.
 */
export function singlePythonArtifact(
  files: readonly { readonly hash?: string | undefined; readonly url?: string | undefined }[],
): { hashes?: PackageHash[]; downloadUrl?: string } {
  if (files.length !== 1) return {};
  const [file] = files;
  const hash = prefixedHash(file?.hash ?? '');
  const url = downloadUrl(file?.url);
  return { ...(hash ? { hashes: [hash] } : {}), ...(url ? { downloadUrl: url } : {}) };
}

/**
 * yarn berry `checksum`: `<cacheKey>/<sha512 hex>` (Yarn 4: `10c0/…`, cache version 10 and
 * compression level 0) or bare hex (Yarn 2/3, the cache key is then `__metadata.cacheKey`).
 * It digests the zip Yarn stores in its cache, so it is a manager digest, never a `hashes` entry.
 * Returns the value as written, or the reason it is malformed.
 */
export function yarnChecksum(value: string): ManagerDigest | { readonly reason: string } {
  const m = /^(?:([0-9]+(?:c[0-9]+)?)\/)?([0-9a-fA-F]+)$/.exec(value);
  if (!m || (m[2] ?? '').length !== 128)
    return { reason: `checksum "${value.slice(0, 80)}" is not [cacheKey/]<128 hex digits>` };
  return { kind: 'yarn-checksum', value };
}

/**
 * go.sum `h1:<base64>`: a SHA-256 (32 bytes, 44 base64 characters) of the module's file list
 * and file digests (golang.org/x/mod/sumdb/dirhash Hash1), not of the module zip, so it is a
 * manager digest. Returns the value as written, or the reason it is malformed.
 */
export function goH1(value: string): ManagerDigest | { readonly reason: string } {
  const shown = value.slice(0, 80);
  if (!value.startsWith('h1:')) return { reason: `hash "${shown}" is not an h1: hash` };
  if (!base64Hash('sha256', value.slice(3)) || !/^[A-Za-z0-9+/]{43}=$/.test(value.slice(3)))
    return { reason: `hash "${shown}" is not h1: followed by a base64 SHA-256` };
  return { kind: 'go-h1', value };
}

/** Algorithms pip's hash-checking mode accepts (`pip/_internal/utils/hashes.py` STRONG_HASHES). */
const PIP_ALGORITHMS = new Set(['sha256', 'sha384', 'sha512']);

/** One requirements `--hash=<alg>:<hex>` value, or the reason pip would refuse it. */
export function pipHash(value: string): PackageHash | { readonly reason: string } {
  const shown = value.slice(0, 80);
  const colon = value.indexOf(':');
  if (colon < 0) return { reason: `--hash "${shown}" is not <algorithm>:<hex digest>` };
  const alg = value.slice(0, colon);
  if (!PIP_ALGORITHMS.has(alg))
    return {
      reason: `--hash algorithm "${alg.slice(0, 20)}" is not one pip accepts (sha256, sha384, sha512)`,
    };
  return (
    hexHash(alg, value.slice(colon + 1)) ?? {
      reason: `--hash "${shown}" is not a well-formed ${alg} hex digest`,
    }
  );
}

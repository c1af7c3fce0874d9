import type { ManagerDigestKind, Package } from '../lockfiles/types.ts';

/**
 * Property names for digests that are not of the package's artifact (yarn berry's cache-zip
 * `checksum`, go.sum's `h1:` tree hash). CycloneDX `hashes` and SPDX `checksums` claim "this is
 * the digest of the component", which these are not, so they go in Rampart's own namespace, as
 * syft does with `syft:metadata:h1Digest` (cdxgen instead writes both as SHA-512/SHA-256
 * hashes, which a consumer checking the registry file against them would find wrong).
 */
export const MANAGER_DIGEST_PROPERTY: Readonly<Record<ManagerDigestKind, string>> = {
  'yarn-checksum': 'rampart:yarn:checksum',
  'go-h1': 'rampart:go:h1',
};

/** [property name, value as the lockfile writes it] for each manager digest of the package. */
export function managerDigestProperties(pkg: Package): [name: string, value: string][] {
  return (pkg.managerDigests ?? []).map((d) => [MANAGER_DIGEST_PROPERTY[d.kind], d.value]);
}

import type { Edge, Package, ParseResult } from '../lockfiles/types.ts';

export interface PackageSet {
  /** Sorted by purl, one entry per purl. */
  readonly packages: Package[];
  /** Sorted, deduplicated, only between packages of the set. */
  readonly edges: Edge[];
}

/**
 * Merges the results of several lockfiles into one package set. The same purl in two lockfiles
 * (a monorepo's workspaces) is one package at its first location; flags merge as in the
 * lockfile collector: direct beats transitive, production beats dev. Sorting makes the SBOM
 * independent of walk order.
 */
export function mergeResults(results: readonly ParseResult[]): PackageSet {
  const byPurl = new Map<string, Package>();
  const edgeKeys = new Set<string>();
  const edges: Edge[] = [];
  for (const result of results) {
    for (const pkg of result.packages) {
      const seen = byPurl.get(pkg.purl);
      byPurl.set(
        pkg.purl,
        seen
          ? {
              // Artifact facts the first copy lacks come from a later one (another lockfile format).
              ...(pkg.hashes ? { hashes: pkg.hashes } : {}),
              ...(pkg.license ? { license: pkg.license } : {}),
              ...(pkg.downloadUrl ? { downloadUrl: pkg.downloadUrl } : {}),
              ...(pkg.managerDigests ? { managerDigests: pkg.managerDigests } : {}),
              ...seen,
              direct: mergeDirect(seen.direct, pkg.direct),
              dev: mergeDev(seen.dev, pkg.dev),
            }
          : pkg,
      );
    }
    for (const [from, to] of result.edges ?? []) {
      const key = `${from}\n${to}`;
      if (from === to || edgeKeys.has(key)) continue;
      edgeKeys.add(key);
      edges.push([from, to]);
    }
  }
  const packages = [...byPurl.values()].sort((a, b) => compare(a.purl, b.purl));
  const known = edges.filter(([from, to]) => byPurl.has(from) && byPurl.has(to));
  known.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  return { packages, edges: known };
}

/**
 * The packages the project itself depends on: those marked direct, plus, when the format does
 * not say (`direct` undefined), those no other package depends on.
 */
export function rootDependencies(packages: readonly Package[], edges: readonly Edge[]): Package[] {
  const hasParent = new Set(edges.map(([, to]) => to));
  return packages.filter((p) => p.direct === true || (p.direct === undefined && !hasParent.has(p.purl)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeDirect(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  if (a === false || b === false) return false;
  return undefined;
}

function mergeDev(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  if (a === true || b === true) return true;
  return undefined;
}

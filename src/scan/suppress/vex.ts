/**
 * VEX statements as a suppression source: a dependency finding is suppressed when a statement
 * names its vulnerability (id or alias) and its package (purl identity; the version only when the
 * statement's purl has one) with a status meaning "does not apply". VEX is a sequence of
 * statements, each overriding the earlier ones (OpenVEX spec), so among the matching statements
 * only the latest count; an undated statement counts as older than any dated one. Among equally
 * recent ones, any that says affected / under investigation wins: VEX never hides a finding
 * someone flagged as real at the same time.
 */
import type { Finding } from '../../core/finding.ts';
import { parsePurl, purlIdentity } from '../../deps/vex/purl.ts';
import type { VexStatement } from '../../deps/vex/types.ts';

/** Tag prefix the dependency analyzers use for a finding's advisory aliases (`alias:CVE-…`). */
export const ALIAS_TAG = 'alias:';

interface IndexedProduct {
  readonly identity: string;
  readonly version?: string;
  readonly statement: VexStatement;
}

export type VexMatcher = (finding: Finding) => VexStatement | undefined;

export function vexMatcher(statements: readonly VexStatement[]): VexMatcher {
  // vulnerability id (upper-cased) → products that statements about it name.
  const byId = new Map<string, IndexedProduct[]>();
  for (const statement of statements) {
    const products: IndexedProduct[] = [];
    for (const text of statement.purls) {
      const purl = parsePurl(text);
      if (purl)
        products.push({
          identity: purlIdentity(purl),
          ...(purl.version ? { version: purl.version } : {}),
          statement,
        });
    }
    for (const id of new Set(statement.ids.map((i) => i.toUpperCase()))) {
      const list = byId.get(id) ?? [];
      list.push(...products);
      byId.set(id, list);
    }
  }
  return (finding) => {
    if (byId.size === 0 || finding.kind !== 'violation') return undefined;
    const purl = parsePurl(finding.location.resource?.name ?? '');
    if (!purl) return undefined;
    const identity = purlIdentity(purl);
    const matching = new Set<VexStatement>();
    for (const id of findingIds(finding))
      for (const product of byId.get(id.toUpperCase()) ?? [])
        if (
          product.identity === identity &&
          (product.version === undefined || product.version === purl.version)
        )
          matching.add(product.statement);
    if (matching.size === 0) return undefined;
    const current = latestStatements([...matching]);
    return current.every((s) => s.suppresses) ? current[0] : undefined;
  };
}

/** The statements with the latest time (all of them when none is dated). */
function latestStatements(statements: readonly VexStatement[]): VexStatement[] {
  let newest = Number.NEGATIVE_INFINITY;
  for (const s of statements) if (s.time !== undefined && s.time > newest) newest = s.time;
  if (newest === Number.NEGATIVE_INFINITY) return [...statements];
  return statements.filter((s) => s.time === newest);
}

/** The advisory id and its aliases, as the dependency analyzers record them. */
export function findingIds(finding: Finding): string[] {
  return [
    finding.ruleId,
    ...finding.tags.filter((t) => t.startsWith(ALIAS_TAG)).map((t) => t.slice(ALIAS_TAG.length)),
  ];
}

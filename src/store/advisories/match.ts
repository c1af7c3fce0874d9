/**
 * Matches installed packages against the index: one indexed lookup per distinct
 * (ecosystem, normalised name), each candidate record parsed once per call, then the OSV range
 * evaluation of src/deps/osv. Returns findings-ready matches (id, aliases, severity, fix).
 */
import { matchRecord, fixSuggestion } from '../../deps/osv/match.ts';
import { baseEcosystem, normalizePackageName } from '../../deps/osv/names.ts';
import { parseOsvValue } from '../../deps/osv/parse.ts';
import { advisorySeverity, type AdvisorySeverity } from '../../deps/osv/severity.ts';
import type { OsvRecord } from '../../deps/osv/types.ts';
import type { AdvisoryDb } from './database.ts';

/** What matching needs of a package; the lockfile parsers' Package satisfies it. */
export interface PackageRef {
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
}

export interface AdvisoryMatch<P extends PackageRef = PackageRef> {
  readonly package: P;
  readonly id: string;
  /** CVE and other ids of the same vulnerability. */
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly severity: AdvisorySeverity;
  /** The version that leaves every matching range, when the record names one. */
  readonly fixed?: string;
  /** `upgrade NAME to ≥ X`. */
  readonly fix?: string;
  /** Parts of the record that could not be evaluated for this package. */
  readonly notes: readonly string[];
  readonly record: OsvRecord;
}

export function matchPackages<P extends PackageRef>(
  db: AdvisoryDb,
  packages: readonly P[],
): AdvisoryMatch<P>[] {
  const lookup = db.sqlite.prepare(
    `SELECT a.id, a.json FROM advisory_packages p JOIN advisories a ON a.id = p.id
     WHERE p.ecosystem = ? AND p.name = ? AND a.withdrawn = 0`,
  );
  const byKey = new Map<string, P[]>();
  for (const pkg of packages) {
    const ecosystem = baseEcosystem(pkg.ecosystem);
    const key = `${ecosystem}\0${normalizePackageName(ecosystem, pkg.name)}`;
    const group = byKey.get(key);
    if (group) group.push(pkg);
    else byKey.set(key, [pkg]);
  }
  const parsed = new Map<string, OsvRecord | undefined>();
  const matches: AdvisoryMatch<P>[] = [];
  for (const [key, group] of byKey) {
    const [ecosystem, name] = key.split('\0') as [string, string];
    const rows = lookup.all(ecosystem, name) as { id: string; json: string }[];
    if (rows.length === 0) continue;
    const records = rows.map(({ id, json }) => {
      // Validated on import; parsing again gives the typed form (and guards a DB edited by hand).
      if (parsed.has(id)) return parsed.get(id);
      let record: OsvRecord | undefined;
      try {
        record = parseOsvValue(JSON.parse(json), { file: db.path }).record;
      } catch {
        record = undefined;
      }
      parsed.set(id, record);
      return record;
    });
    for (const pkg of group)
      for (const record of records) {
        if (!record) continue;
        const m = matchRecord(record, pkg.ecosystem, pkg.name, pkg.version);
        if (!m.affected) continue;
        const fix = fixSuggestion(pkg.name, m.fixed);
        matches.push({
          package: pkg,
          id: record.id,
          aliases: record.aliases,
          ...(record.summary === undefined ? {} : { summary: record.summary }),
          severity: advisorySeverity(record),
          ...(m.fixed === undefined ? {} : { fixed: m.fixed }),
          ...(fix === undefined ? {} : { fix }),
          notes: m.notes,
          record,
        });
      }
  }
  return matches;
}

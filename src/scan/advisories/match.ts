/**
 * Matches installed packages against the index: one indexed lookup per distinct
 * (ecosystem, normalised name), each candidate record parsed once per call, then the OSV range
 * evaluation of src/deps/osv. Returns findings-ready matches (id, aliases, severity, fix).
 */
import { createVersionCache, fixSuggestion, matchRecord } from '../../deps/osv/match.ts';
import { baseEcosystem, normalizePackageName } from '../../deps/osv/names.ts';
import { parseOsvValue } from '../../deps/osv/parse.ts';
import { type AdvisorySeverity, advisorySeverity } from '../../deps/osv/severity.ts';
import type { OsvAffected, OsvRecord } from '../../deps/osv/types.ts';
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

/** A fixed, valid timestamp for the slim records matching builds from the package table. */
const SLIM_MODIFIED = '1970-01-01T00:00:00Z';

export function matchPackages<P extends PackageRef>(
  db: AdvisoryDb,
  packages: readonly P[],
): AdvisoryMatch<P>[] {
  // Withdrawn records are not in advisory_packages (see database.ts), so no join is needed here.
  const candidates = db.sqlite.prepare(
    'SELECT id, affected FROM advisory_packages WHERE ecosystem = ? AND name = ?',
  );
  const full = db.sqlite.prepare('SELECT json FROM advisories WHERE id = ?').pluck();
  const byKey = new Map<string, P[]>();
  for (const pkg of packages) {
    const ecosystem = baseEcosystem(pkg.ecosystem);
    const key = `${ecosystem}\0${normalizePackageName(ecosystem, pkg.name)}`;
    const group = byKey.get(key);
    if (group) group.push(pkg);
    else byKey.set(key, [pkg]);
  }
  const records = new Map<string, OsvRecord | undefined>();
  const severities = new Map<OsvRecord, AdvisorySeverity>();
  const versions = createVersionCache();
  /** Full records load only for hits; validated on import, parsed again to type them (and guard hand edits). */
  const recordOf = (id: string): OsvRecord | undefined => {
    if (records.has(id)) return records.get(id);
    let record: OsvRecord | undefined;
    try {
      const json = full.get(id) as string | undefined;
      record = json === undefined ? undefined : parseOsvValue(JSON.parse(json), { file: db.path }).record;
    } catch {
      record = undefined;
    }
    records.set(id, record);
    return record;
  };
  const severityOf = (record: OsvRecord): AdvisorySeverity => {
    const known = severities.get(record);
    if (known) return known;
    const severity = advisorySeverity(record);
    severities.set(record, severity);
    return severity;
  };
  const matches: AdvisoryMatch<P>[] = [];
  for (const [key, group] of byKey) {
    const [ecosystem, name] = key.split('\0') as [string, string];
    const rows = candidates.all(ecosystem, name) as { id: string; affected: string }[];
    for (const row of rows) {
      let slim: OsvRecord;
      try {
        // Written by writer.ts from a validated record: typed already, no second validation.
        const affected = JSON.parse(row.affected) as OsvAffected[];
        if (!Array.isArray(affected)) continue;
        slim = { id: row.id, modified: SLIM_MODIFIED, aliases: [], related: [], severity: [], affected };
      } catch {
        continue;
      }
      for (const pkg of group) {
        let m: ReturnType<typeof matchRecord>;
        try {
          m = matchRecord(slim, pkg.ecosystem, pkg.name, pkg.version, versions);
        } catch {
          continue; // a hand-edited database row; the import never writes one that throws
        }
        if (!m.affected) continue;
        const record = recordOf(row.id);
        if (!record) continue;
        const fix = fixSuggestion(pkg.name, m.fixed);
        matches.push({
          package: pkg,
          id: record.id,
          aliases: record.aliases,
          ...(record.summary === undefined ? {} : { summary: record.summary }),
          severity: severityOf(record),
          ...(m.fixed === undefined ? {} : { fixed: m.fixed }),
          ...(fix === undefined ? {} : { fix }),
          notes: m.notes,
          record,
        });
      }
    }
  }
  return matches;
}

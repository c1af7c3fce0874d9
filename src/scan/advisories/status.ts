/** `rampart db status` and the staleness check scans use to warn about old advisory data. */
import type { AdvisoryDb } from './database.ts';

export interface SourceStatus {
  readonly source: string;
  /** ISO time the latest import of this source finished. */
  readonly lastImport: string;
  readonly seen: number;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly invalid: number;
}

export interface AdvisoryDbStatus {
  readonly path: string;
  readonly records: number;
  readonly withdrawn: number;
  /** Matchable (not withdrawn) records per ecosystem; a record naming two ecosystems counts in both. */
  readonly ecosystems: readonly { readonly ecosystem: string; readonly records: number }[];
  readonly sources: readonly SourceStatus[];
  /** ISO time of the latest import of any source; absent for a database never imported into. */
  readonly lastImport?: string;
}

export function advisoryDbStatus(db: AdvisoryDb): AdvisoryDbStatus {
  const s = db.sqlite;
  const totals = s
    .prepare('SELECT COUNT(*) AS records, COALESCE(SUM(withdrawn), 0) AS withdrawn FROM advisories')
    .get() as {
    records: number;
    withdrawn: number;
  };
  const ecosystems = s
    .prepare(
      'SELECT ecosystem, COUNT(DISTINCT id) AS records FROM advisory_packages GROUP BY ecosystem ORDER BY records DESC, ecosystem',
    )
    .all() as { ecosystem: string; records: number }[];
  const sources = s
    .prepare(
      `SELECT source, finished_at AS lastImport, seen, added, updated, unchanged, invalid FROM advisory_imports
       WHERE seq IN (SELECT MAX(seq) FROM advisory_imports GROUP BY source) ORDER BY source`,
    )
    .all() as SourceStatus[];
  const last = s.prepare('SELECT MAX(finished_at) FROM advisory_imports').pluck().get() as string | null;
  return { path: db.path, ...totals, ecosystems, sources, ...(last ? { lastImport: last } : {}) };
}

export const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface Staleness {
  readonly stale: boolean;
  /** Milliseconds since the latest import; absent when nothing was ever imported. */
  readonly ageMs?: number;
  /** Present when stale: what to tell the user. */
  readonly message?: string;
}

/** Whether the data is older than `maxAgeMs` (default 7 days), so a scan can warn about it. */
export function checkStaleness(
  status: Pick<AdvisoryDbStatus, 'lastImport' | 'path'>,
  options: { maxAgeMs?: number; now?: Date } = {},
): Staleness {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = (options.now ?? new Date()).getTime();
  if (!status.lastImport)
    return { stale: true, message: `advisory database ${status.path} is empty: run \`rampart db update\`` };
  const ageMs = Math.max(0, now - Date.parse(status.lastImport));
  if (ageMs <= maxAgeMs) return { stale: false, ageMs };
  return {
    stale: true,
    ageMs,
    message: `advisory database ${status.path} was last updated ${formatAge(ageMs)} ago (limit ${formatAge(maxAgeMs)}): run \`rampart db update\``,
  };
}

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

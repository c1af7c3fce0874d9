/**
 * Adds validated OSV records to the index in batched transactions with prepared statements
 * (one transaction per few thousand records: per-record commits would cap imports at a few
 * hundred records per second). Incremental: a record whose `modified` is not newer than the
 * stored one is left alone, so re-importing the same export is a no-op.
 */
import { baseEcosystem, normalizePackageName } from '../../deps/osv/names.ts';
import { parseOsvValue } from '../../deps/osv/parse.ts';
import type { OsvAffected, OsvProblem, OsvRecord, OsvSource } from '../../deps/osv/types.ts';
import type { AdvisoryDb } from './database.ts';

export interface ImportCounts {
  seen: number;
  added: number;
  updated: number;
  unchanged: number;
  invalid: number;
}

export function emptyCounts(): ImportCounts {
  return { seen: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 };
}

interface Pending {
  readonly record: OsvRecord;
  readonly json: string;
  readonly modifiedMs: number;
}

/**
 * A record's `affected` entries grouped by index key, in their validated (typed) form and
 * trimmed to what matching reads (package, ranges, versions): stored beside the key, so
 * matching reads them back with JSON.parse alone.
 */
function affectedByKey(record: OsvRecord): Map<string, OsvAffected[]> {
  const groups = new Map<string, OsvAffected[]>();
  for (const entry of record.affected) {
    if (!entry.package) continue;
    const ecosystem = baseEcosystem(entry.package.ecosystem);
    const key = `${ecosystem}\0${normalizePackageName(ecosystem, entry.package.name)}`;
    const slim: OsvAffected = { package: entry.package, ranges: entry.ranges, versions: entry.versions };
    const group = groups.get(key);
    if (group) group.push(slim);
    else groups.set(key, [slim]);
  }
  return groups;
}

const BATCH = 5_000;

export class AdvisoryWriter {
  readonly counts = emptyCounts();
  private readonly pending: Pending[] = [];
  private readonly flushBatch: (batch: readonly Pending[]) => void;
  /**
   * id → modified (ms) of every stored record, loaded once. The upsert re-checks `modified` in
   * SQL, so a concurrent import into the same file can never replace a newer record.
   */
  private readonly known = new Map<string, number>();

  constructor(
    db: AdvisoryDb,
    private readonly source: string,
    private readonly onProblem: (problem: OsvProblem) => void,
  ) {
    const s = db.sqlite;
    // One scan up front instead of a lookup per record (a point query costs ~10 µs; 200k add up).
    for (const [id, ms] of s.prepare('SELECT id, modified_ms FROM advisories').raw().iterate() as Iterable<
      [string, number]
    >)
      this.known.set(id, ms);
    const upsert = s.prepare(
      `INSERT INTO advisories (id, modified, modified_ms, withdrawn, source, json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, modified_ms = excluded.modified_ms,
         withdrawn = excluded.withdrawn, source = excluded.source, json = excluded.json
       WHERE excluded.modified_ms > advisories.modified_ms`,
    );
    const dropPackages = s.prepare('DELETE FROM advisory_packages WHERE id = ?');
    const addPackage = s.prepare(
      'INSERT OR REPLACE INTO advisory_packages (ecosystem, name, id, affected) VALUES (?, ?, ?, ?)',
    );
    this.flushBatch = s.transaction((batch: readonly Pending[]) => {
      for (const { record, json, modifiedMs } of batch) {
        const stored = this.known.get(record.id);
        if (stored !== undefined && stored >= modifiedMs) {
          this.counts.unchanged++;
          continue;
        }
        const written = upsert.run(
          record.id,
          record.modified,
          modifiedMs,
          record.withdrawn === undefined ? 0 : 1,
          this.source,
          json,
        );
        if (written.changes === 0) {
          // Another process stored a newer version since `known` was loaded.
          this.counts.unchanged++;
          continue;
        }
        this.known.set(record.id, modifiedMs);
        if (stored === undefined) this.counts.added++;
        else {
          this.counts.updated++;
          dropPackages.run(record.id);
        }
        if (record.withdrawn !== undefined) continue;
        for (const [key, affected] of affectedByKey(record)) {
          const [ecosystem, name] = key.split('\0') as [string, string];
          addPackage.run(ecosystem, name, record.id, JSON.stringify(affected));
        }
      }
    });
  }

  /** Validates and queues one decoded JSON document. */
  addValue(value: unknown, where: OsvSource): void {
    this.counts.seen++;
    // Re-imports are mostly unchanged records: compare `modified` before validating the rest.
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const { id, modified } = value as Record<string, unknown>;
      if (typeof id === 'string' && typeof modified === 'string') {
        const stored = this.known.get(id);
        const ms = Date.parse(modified);
        if (stored !== undefined && !Number.isNaN(ms) && stored >= ms) {
          this.counts.unchanged++;
          return;
        }
      }
    }
    const { record, problems } = parseOsvValue(value, where);
    for (const problem of problems) this.onProblem(problem);
    if (!record) {
      this.counts.invalid++;
      return;
    }
    this.pending.push({
      record,
      json: JSON.stringify(value),
      modifiedMs: Date.parse(record.modified),
    });
    if (this.pending.length >= BATCH) this.flush();
  }

  /** Decodes, validates and queues one JSON text; bad JSON becomes a problem. */
  addText(text: string, where: OsvSource): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.counts.seen++;
      this.counts.invalid++;
      const label = where.entry === undefined ? where.file : `${where.file}!${where.entry}`;
      this.onProblem({
        severity: 'error',
        file: where.file,
        ...(where.entry === undefined ? {} : { entry: where.entry }),
        message: `${label}: not valid JSON (${(error as Error).message}); record skipped`,
      });
      return;
    }
    this.addValue(value, where);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.flushBatch(this.pending.splice(0));
  }
}

/** Records one finished import run (status shows the latest per source). */
export function recordImport(db: AdvisoryDb, source: string, counts: ImportCounts, finishedAt: Date): void {
  db.sqlite
    .prepare(
      `INSERT INTO advisory_imports (source, finished_at, seen, added, updated, unchanged, invalid)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      source,
      finishedAt.toISOString(),
      counts.seen,
      counts.added,
      counts.updated,
      counts.unchanged,
      counts.invalid,
    );
}

/**
 * `rampart db import|status|update`: the local OSV advisory database (src/scan/advisories).
 * Bad records and archives are warnings naming the file and entry; the import goes on.
 * Exit codes: 0 done (warnings possible), 1 `update` could not download an ecosystem,
 * 2 usage error or unusable database.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import type { OsvProblem } from '../../deps/osv/types.ts';
import { openAdvisoryDb } from '../../scan/advisories/database.ts';
import { type ImportResult, importPaths } from '../../scan/advisories/import.ts';
import { defaultAdvisoryDbPath } from '../../scan/advisories/paths.ts';
import { advisoryDbStatus, checkStaleness, formatAge } from '../../scan/advisories/status.ts';
import {
  DEFAULT_UPDATE_ECOSYSTEMS,
  OSV_EXPORT_BASE_URL,
  updateFromOsv,
} from '../../scan/advisories/update.ts';
import type { CliIo } from '../io.ts';
import { collectList } from '../list-option.ts';
import type { CliState } from '../state.ts';

/** Warnings printed per run; the rest are counted (an export with 10k bad records is one problem). */
const MAX_PRINTED_PROBLEMS = 20;

function dbPath(io: CliIo, option: string | undefined): string {
  if (option === undefined) return defaultAdvisoryDbPath(io.env);
  return isAbsolute(option) ? option : resolve(io.cwd, option);
}

function printProblems(io: CliIo, problems: readonly OsvProblem[], dropped: number): void {
  for (const p of problems.slice(0, MAX_PRINTED_PROBLEMS)) io.err(`rampart: warning: ${p.message}\n`);
  const more = Math.max(0, problems.length - MAX_PRINTED_PROBLEMS) + dropped;
  if (more > 0) io.err(`rampart: warning: … and ${more} more problems\n`);
}

function printImports(io: CliIo, results: readonly ImportResult[]): void {
  for (const r of results) {
    const c = r.counts;
    io.out(
      `imported ${r.source}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.invalid} invalid\n`,
    );
  }
  printProblems(
    io,
    results.flatMap((r) => r.problems),
    results.reduce((n, r) => n + r.droppedProblems, 0),
  );
}

function maxAgeDays(value: string): number {
  const days = Number(value);
  if (!Number.isFinite(days) || days <= 0)
    throw new UsageError(`--max-age: expected a positive number of days, got ${JSON.stringify(value)}`);
  return days;
}

export function registerDb(program: Command, io: CliIo, state: CliState): void {
  const db = program
    .command('db')
    .description('the local OSV advisory database used to find vulnerable dependencies');
  const dbOption = `SQLite file (default: ${'$XDG_CACHE_HOME'}/rampart/advisories.db or ~/.cache/rampart/advisories.db)`;

  db.command('import')
    .description('import OSV records: per-ecosystem all.zip exports, directories of OSV JSON, or JSON files')
    .argument('<paths...>', 'zip files, directories or .json files')
    .option('--db <file>', dbOption)
    .action(async (paths: string[], options: { db?: string }) => {
      const store = openAdvisoryDb(dbPath(io, options.db));
      try {
        printImports(
          io,
          await importPaths(
            store,
            paths.map((p) => resolve(io.cwd, p)),
          ),
        );
      } finally {
        store.close();
      }
      state.exitCode = 0;
    });

  db.command('update')
    .description(`download and import OSV's per-ecosystem exports (<url>/<ecosystem>/all.zip)`)
    .option('--url <base>', 'base URL of the exports', OSV_EXPORT_BASE_URL)
    .option(
      '--ecosystem <names>',
      `ecosystems to download, repeatable or comma-separated (default: ${DEFAULT_UPDATE_ECOSYSTEMS.join(', ')})`,
      collectList,
    )
    .option('--db <file>', dbOption)
    .action(async (options: { url: string; ecosystem?: string[]; db?: string }) => {
      if (!/^https?:\/\//i.test(options.url))
        throw new UsageError(`--url: expected an http(s) URL, got ${JSON.stringify(options.url)}`);
      const store = openAdvisoryDb(dbPath(io, options.db));
      try {
        const result = await updateFromOsv(store, {
          baseUrl: options.url,
          ...(options.ecosystem ? { ecosystems: options.ecosystem } : {}),
          onProgress: (message) => io.err(`rampart: ${message}\n`),
        });
        printImports(io, result.imports);
        printProblems(io, result.problems, 0);
        state.exitCode = result.problems.length > 0 ? 1 : 0;
      } finally {
        store.close();
      }
    });

  db.command('status')
    .description('show the age, record counts per ecosystem and sources of the advisory database')
    .option('--db <file>', dbOption)
    .option('--max-age <days>', 'warn when the last update is older than this', maxAgeDays, 7)
    .option('--json', 'print the status as JSON')
    .action((options: { db?: string; maxAge: number; json?: boolean }) => {
      const store = openAdvisoryDb(dbPath(io, options.db), { mustExist: true });
      let status: ReturnType<typeof advisoryDbStatus>;
      try {
        status = advisoryDbStatus(store);
      } finally {
        store.close();
      }
      const staleness = checkStaleness(status, { maxAgeMs: options.maxAge * 86_400_000 });
      if (options.json) io.out(`${JSON.stringify({ ...status, ...staleness }, null, 2)}\n`);
      else {
        io.out(`advisory database: ${status.path}\n`);
        io.out(`records: ${status.records} (${status.withdrawn} withdrawn)\n`);
        io.out(
          `last update: ${status.lastImport ? `${status.lastImport} (${formatAge(staleness.ageMs ?? 0)} ago)` : 'never'}\n`,
        );
        if (status.ecosystems.length > 0) io.out('ecosystems:\n');
        const width = Math.max(0, ...status.ecosystems.map((e) => e.ecosystem.length));
        for (const e of status.ecosystems) io.out(`  ${e.ecosystem.padEnd(width)}  ${e.records}\n`);
        if (status.sources.length > 0) io.out('sources:\n');
        for (const s of status.sources)
          io.out(
            `  ${s.source}  ${s.lastImport}  ${s.seen} seen, ${s.added} added, ${s.updated} updated, ${s.invalid} invalid\n`,
          );
      }
      if (staleness.stale && staleness.message) io.err(`rampart: warning: ${staleness.message}\n`);
      state.exitCode = 0;
    });
}

/**
 * The scan side of vulnerable-dependency detection: lockfiles (src/deps/lockfiles) matched
 * against the local OSV index (src/scan/advisories). Parsing and matching live there; this file
 * only decides which files are lockfiles, opens the database, and turns results into findings.
 * A missing or stale database is reported as a notice, never used silently.
 */
import type { Finding } from '../../core/finding.ts';
import { findLockfileParser, includeReader, parseLockfile } from '../../deps/lockfiles/index.ts';
import type { Package } from '../../deps/lockfiles/types.ts';
import { matchPackages } from '../advisories/index.ts';
import type { Analyzer, AnalyzerContext, AnalyzerStats, ScanFile } from '../analyzer.ts';
import {
  dbPathOf,
  FindingSet,
  matchFinding,
  openForMatching,
  problemFinding,
  readSboms,
  referencesOf,
  unreadable,
} from './deps-findings.ts';
import { DepsSession } from './deps-session.ts';

export interface DepsAnalyzerOptions {
  /** `--db FILE`, else `deps.db` in rampart.yaml. Default: defaultAdvisoryDbPath() (user cache dir). */
  readonly dbPath?: string;
  /** `deps.maxAge` in rampart.yaml: data older than this gets a notice (default 7 days). */
  readonly maxAgeMs?: number;
  /** Clock for the staleness check (tests). */
  readonly now?: () => Date;
  /** `--sbom FILE` (absolute paths): existing SBOMs whose components are matched like lockfile packages. */
  readonly sbom?: readonly string[];
}

export interface DepsStats {
  readonly lockfiles: number;
  readonly packages: number;
  readonly matches: number;
}

export interface DepsAnalyzer extends Analyzer {
  session(context: AnalyzerContext): Promise<DepsSession>;
  lastStats(): AnalyzerStats;
  stats(): DepsStats;
}

export function createDepsAnalyzer(options: DepsAnalyzerOptions = {}): DepsAnalyzer {
  let stats: DepsStats = { lockfiles: 0, packages: 0, matches: 0 };
  return {
    name: 'deps',
    // Decided from the basename alone: cheap, and no lockfile means analyze() is never called.
    wants: (file: ScanFile) => findLockfileParser(file.path) !== undefined,
    // Given SBOMs are read by the analyzer itself, so it runs even with no lockfile collected.
    runsWithoutFiles: (options.sbom?.length ?? 0) > 0,
    async analyze(files: readonly ScanFile[], context: AnalyzerContext): Promise<readonly Finding[]> {
      const findings = new FindingSet();
      const packages: Package[] = [];
      const readFile = includeReader(context.root);
      for (const file of files) {
        const result = parseLockfile(file.path, file.content, { readFile });
        packages.push(...result.packages);
        for (const problem of result.problems) findings.add(problemFinding(problem));
      }
      const sboms = readSboms(options.sbom ?? [], context.root);
      packages.push(...sboms.packages);
      for (const f of sboms.findings) findings.add(f);
      stats = {
        lockfiles: files.length + (options.sbom?.length ?? 0),
        packages: packages.length,
        matches: 0,
      };
      if (packages.length === 0) return findings.list;
      const opened = openForMatching(options, packages.length);
      for (const notice of opened.notices) findings.list.push(notice);
      const db = opened.db;
      if (!db) return findings.list;
      try {
        let reported = 0;
        // The same package@version nested twice in one lockfile is one vulnerability to fix.
        for (const match of matchPackages(db, packages))
          if (findings.add(matchFinding(match, referencesOf(db, match.id)))) reported++;
        stats = { ...stats, matches: reported };
      } catch (error) {
        findings.list.push(unreadable(dbPathOf(options), error));
      } finally {
        db.close();
      }
      return findings.list;
    },
    // Watch mode: lockfiles re-parsed as they change, advisories matched once per package version.
    session: async (context: AnalyzerContext): Promise<DepsSession> => new DepsSession(options, context.root),
    lastStats: () => ({ documents: stats.lockfiles, rulesEvaluated: stats.packages }),
    stats: () => stats,
  };
}

/**
 * Watch-mode state of the dependency analyzer. A changed lockfile is re-parsed on its own; its
 * packages are matched against the advisory database only when that name@version has not been
 * matched before in this session, so a save that bumps one package costs one lookup, not a
 * re-match of every lockfile. The database stays open; a `stat` per update notices when
 * `rampart db update` / `import` rewrote it, and only then is it reopened and the cache dropped.
 */
import { statSync } from 'node:fs';
import type { Finding } from '../../core/finding.ts';
import { includeReader, parseLockfile } from '../../deps/lockfiles/index.ts';
import type { Package } from '../../deps/lockfiles/types.ts';
import { type AdvisoryDb, type AdvisoryMatch, matchPackages } from '../advisories/index.ts';
import type { AnalyzerSession, ScanFile } from '../analyzer.ts';
import type { DepsAnalyzerOptions } from './deps.ts';
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

interface FileState {
  readonly packages: readonly Package[];
  readonly problems: readonly Finding[];
}

/** A match without its package: cached per ecosystem/name/version, re-attached to each copy. */
type CachedMatch = Omit<AdvisoryMatch<Package>, 'package'> & { readonly references: readonly string[] };

export class DepsSession implements AnalyzerSession {
  private readonly files = new Map<string, FileState>();
  private readonly sbom: { packages: Package[]; findings: Finding[] };
  private readonly matches = new Map<string, readonly CachedMatch[]>();
  private db: AdvisoryDb | undefined;
  private dbNotices: Finding[] = [];
  /** mtime+size of the database file when it was opened; undefined: not opened yet. */
  private dbStamp: string | undefined;
  /** Packages looked up in the database since the session started (tests, `stats`). */
  private lookups = 0;

  constructor(
    private readonly options: DepsAnalyzerOptions,
    private readonly root: string,
  ) {
    // `--sbom` files are inputs of the run, not of the watched tree: read once.
    this.sbom = readSboms(options.sbom ?? [], root);
  }

  update(changed: readonly ScanFile[], removed: readonly string[]): readonly Finding[] {
    for (const path of removed) this.files.delete(path);
    const readFile = includeReader(this.root);
    for (const file of changed) {
      const result = parseLockfile(file.path, file.content, { readFile });
      this.files.set(file.path, { packages: result.packages, problems: result.problems.map(problemFinding) });
    }
    return this.findings();
  }

  stats(): { readonly documents: number } {
    return { documents: this.files.size };
  }

  /** How many package versions have been matched against the database (incrementality, tests). */
  lookupCount(): number {
    return this.lookups;
  }

  private findings(): Finding[] {
    const out = new FindingSet();
    const packages: Package[] = [];
    for (const state of this.files.values()) {
      packages.push(...state.packages);
      for (const f of state.problems) out.add(f);
    }
    packages.push(...this.sbom.packages);
    for (const f of this.sbom.findings) out.add(f);
    if (packages.length === 0) return out.list;
    this.refreshDb(packages.length);
    out.list.push(...this.dbNotices);
    const db = this.db;
    if (!db) return out.list;
    try {
      this.matchNew(db, packages);
    } catch (error) {
      out.list.push(unreadable(dbPathOf(this.options), error));
      return out.list;
    }
    for (const pkg of packages)
      for (const m of this.matches.get(keyOf(pkg)) ?? []) {
        const { references, ...match } = m;
        out.add(matchFinding({ ...match, package: pkg }, references));
      }
    return out.list;
  }

  /** Looks up only the package versions this session has not matched yet. */
  private matchNew(db: AdvisoryDb, packages: readonly Package[]): void {
    const fresh = new Map<string, Package>();
    for (const pkg of packages) {
      const key = keyOf(pkg);
      if (!this.matches.has(key) && !fresh.has(key)) fresh.set(key, pkg);
    }
    if (fresh.size === 0) return;
    const found = new Map<string, CachedMatch[]>();
    for (const match of matchPackages(db, [...fresh.values()])) {
      const key = keyOf(match.package);
      const { package: _pkg, ...rest } = match;
      found.set(key, [...(found.get(key) ?? []), { ...rest, references: referencesOf(db, match.id) }]);
    }
    for (const key of fresh.keys()) this.matches.set(key, found.get(key) ?? []);
    this.lookups += fresh.size;
  }

  /** (Re)opens the database when it appeared, changed on disk, or was never opened. */
  private refreshDb(packageCount: number): void {
    const stamp = fileStamp(dbPathOf(this.options));
    if (stamp !== undefined && stamp === this.dbStamp) return;
    this.db?.close();
    this.db = undefined;
    this.matches.clear();
    const opened = openForMatching(this.options, packageCount);
    this.db = opened.db;
    this.dbNotices = opened.notices;
    // Stamped after opening: opening may create the WAL file. A missing database is looked for
    // again on the next update (its notice counts the packages).
    this.dbStamp = opened.db ? fileStamp(dbPathOf(this.options)) : undefined;
  }
}

const keyOf = (pkg: Package): string => `${pkg.ecosystem}\0${pkg.name}\0${pkg.version}`;

/** The database file and its WAL (where an import's writes land until a checkpoint). */
function fileStamp(path: string): string | undefined {
  const stamp = (p: string): string => {
    try {
      const st = statSync(p);
      return `${st.mtimeMs}:${st.size}`;
    } catch {
      return '-';
    }
  };
  const main = stamp(path);
  return main === '-' ? undefined : `${main}/${stamp(`${path}-wal`)}`;
}

/**
 * The scan side of vulnerable-dependency detection: lockfiles (src/deps/lockfiles) matched
 * against the local OSV index (src/scan/advisories). Parsing and matching live there; this file
 * only decides which files are lockfiles, opens the database, and turns results into findings.
 * A missing or stale database is reported as a notice, never used silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../core/finding.ts';
import { fingerprint } from '../../core/fingerprint.ts';
import type { Severity } from '../../core/severity.ts';
import { findLockfileParser, includeReader, parseLockfile } from '../../deps/lockfiles/index.ts';
import type { Package, Problem } from '../../deps/lockfiles/types.ts';
import {
  type AdvisoryDb,
  type AdvisoryMatch,
  advisoryDbStatus,
  checkStaleness,
  DEFAULT_MAX_AGE_MS,
  defaultAdvisoryDbPath,
  matchPackages,
  openAdvisoryDb,
} from '../advisories/index.ts';
import type { Analyzer, AnalyzerContext, AnalyzerStats, ScanFile } from '../analyzer.ts';
import { scanFinding } from '../scan-finding.ts';
import { ALIAS_TAG } from '../suppress/vex.ts';
import { readSbomPackages } from './sbom-packages.ts';

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
  lastStats(): AnalyzerStats;
  stats(): DepsStats;
}

/** `why` is an excerpt: advisory details can be pages of markdown. */
const MAX_WHY_CHARS = 600;
const MAX_REFERENCES = 10;

export function createDepsAnalyzer(options: DepsAnalyzerOptions = {}): DepsAnalyzer {
  let stats: DepsStats = { lockfiles: 0, packages: 0, matches: 0 };
  return {
    name: 'deps',
    // Decided from the basename alone: cheap, and no lockfile means analyze() is never called.
    wants: (file: ScanFile) => findLockfileParser(file.path) !== undefined,
    // Given SBOMs are read by the analyzer itself, so it runs even with no lockfile collected.
    runsWithoutFiles: (options.sbom?.length ?? 0) > 0,
    async analyze(files: readonly ScanFile[], context: AnalyzerContext): Promise<readonly Finding[]> {
      const findings: Finding[] = [];
      const packages: Package[] = [];
      const readFile = includeReader(context.root);
      // A requirements file `-r`-included by another is parsed twice (once on its own): its
      // packages and problems carry the included file's path, so duplicates share a fingerprint.
      const seen = new Set<string>();
      const add = (finding: Finding): boolean => {
        if (seen.has(finding.fingerprint)) return false;
        seen.add(finding.fingerprint);
        findings.push(finding);
        return true;
      };
      for (const file of files) {
        const result = parseLockfile(file.path, file.content, { readFile });
        packages.push(...result.packages);
        for (const problem of result.problems) add(problemFinding(problem));
      }
      for (const sbom of options.sbom ?? []) {
        const display = displayPath(context.root, sbom);
        let text: string;
        try {
          text = readFileSync(sbom, 'utf8');
        } catch (error) {
          add(
            problemFinding({
              severity: 'error',
              kind: 'syntax',
              file: display,
              message: `${display}: cannot read SBOM (${String(error)})`,
            }),
          );
          continue;
        }
        const result = readSbomPackages(display, text);
        packages.push(...result.packages);
        for (const problem of result.problems) add(problemFinding(problem));
      }
      stats = {
        lockfiles: files.length + (options.sbom?.length ?? 0),
        packages: packages.length,
        matches: 0,
      };
      if (packages.length === 0) return findings;

      const dbPath = options.dbPath ?? defaultAdvisoryDbPath();
      if (!existsSync(dbPath)) {
        findings.push(
          dbNotice(
            'RMP-DEPS-DB-MISSING',
            'Advisory database missing',
            `no advisory database at ${dbPath}: ${packages.length === 1 ? '1 package was' : `${packages.length} packages were`} not checked for vulnerabilities; run \`rampart db update\` or \`rampart db import PATH\``,
          ),
        );
        return findings;
      }
      let db: AdvisoryDb | undefined;
      try {
        db = openAdvisoryDb(dbPath, { mustExist: true });
        const staleness = checkStaleness(advisoryDbStatus(db), {
          maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
          ...(options.now ? { now: options.now() } : {}),
        });
        if (staleness.stale)
          findings.push(
            dbNotice(
              'RMP-DEPS-DB-STALE',
              'Advisory database out of date',
              staleness.message ?? `advisory database ${dbPath} is out of date: run \`rampart db update\``,
            ),
          );
        let reported = 0;
        // The same package@version nested twice in one lockfile is one vulnerability to fix.
        for (const match of matchPackages(db, packages))
          if (add(matchFinding(match, referencesOf(db, match.id)))) reported++;
        stats = { ...stats, matches: reported };
      } catch (error) {
        findings.push(
          dbNotice(
            'RMP-DEPS-DB-UNREADABLE',
            'Advisory database unreadable',
            `advisory database ${dbPath} could not be read (${error instanceof Error ? error.message : String(error)}): run \`rampart db update\` or \`rampart db import PATH\` to rebuild it`,
          ),
        );
      } finally {
        db?.close();
      }
      return findings;
    },
    lastStats: () => ({ documents: stats.lockfiles, rulesEvaluated: stats.packages }),
    stats: () => stats,
  };
}

function matchFinding(match: AdvisoryMatch<Package>, references: readonly string[]): Finding {
  const pkg = match.package;
  const aliases = match.aliases.length > 0 ? ` (${match.aliases.join(', ')})` : '';
  const line = pkg.location.line;
  const tags = [
    'dependency',
    ...(pkg.direct === true ? ['direct'] : pkg.direct === false ? ['transitive'] : []),
    ...(pkg.dev === true ? ['dev'] : []),
    pkg.ecosystem,
    // Aliases as tags so VEX statements naming the CVE match a GHSA finding (src/scan/suppress/vex.ts).
    ...match.aliases.map((alias) => `${ALIAS_TAG}${alias}`),
  ];
  return {
    ruleId: match.id,
    title: match.summary ?? `${match.id} in ${pkg.name}`,
    severity: match.severity.level,
    kind: 'violation',
    message: `${pkg.name}@${pkg.version} is affected by ${match.id}${aliases}`,
    location: {
      file: pkg.location.file,
      range: { start: { line, column: 1 }, end: { line, column: 1 } },
      resource: { kind: pkg.ecosystem, name: pkg.purl },
    },
    why: excerpt(match.record.details ?? match.summary ?? `${pkg.name}@${pkg.version} matches ${match.id}.`),
    fix:
      match.fix ??
      `No fixed version of ${pkg.name} is published for ${match.id}: remove or replace it, or waive the finding with a reason.`,
    references,
    frameworks: {},
    tags,
    analyzer: 'deps',
    fingerprint: fingerprint([match.id, pkg.location.file, pkg.purl]),
  };
}

/**
 * The parsed OSV record does not keep `references`, so they are read from the stored JSON, for
 * hits only. Only http(s) URLs are kept (they end up as links in SARIF and HTML), bounded.
 */
function referencesOf(db: AdvisoryDb, id: string): string[] {
  const urls = [`https://osv.dev/vulnerability/${encodeURIComponent(id)}`];
  try {
    const json = db.sqlite.prepare('SELECT json FROM advisories WHERE id = ?').pluck().get(id);
    const refs =
      typeof json === 'string' ? (JSON.parse(json) as { references?: unknown }).references : undefined;
    if (Array.isArray(refs)) {
      for (const ref of refs) {
        const url = (ref as { url?: unknown } | null)?.url;
        if (typeof url === 'string' && /^https?:\/\//.test(url) && !urls.includes(url)) urls.push(url);
        if (urls.length >= MAX_REFERENCES) break;
      }
    }
  } catch {
    // A hand-edited row: the osv.dev link still identifies the advisory.
  }
  return urls;
}

/** Root-relative inside the scan root (like every finding path), else as given. */
function displayPath(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_WHY_CHARS ? flat : `${flat.slice(0, MAX_WHY_CHARS - 1)}…`;
}

function problemFinding(problem: Problem): Finding {
  const error = problem.severity === 'error';
  const severity: Severity = error ? 'medium' : 'info';
  return {
    ...scanFinding({
      ruleId: error ? 'RMP-DEPS-PARSE' : 'RMP-DEPS-SKIPPED',
      title: error ? 'Lockfile entry not read' : 'Dependency not checked',
      severity,
      kind: error ? 'parse-error' : 'notice',
      // Parser messages already name the file and the entry or line.
      message: problem.message,
      file: problem.file,
      ...(problem.line === undefined ? {} : { line: problem.line }),
      why: error
        ? 'Packages in this part of the lockfile are not checked against advisories, so vulnerabilities in them would go unreported.'
        : 'This entry names no exact registry version, so it cannot be matched against advisories.',
      fix: error
        ? 'Fix the lockfile (regenerate it with the package manager) and scan again.'
        : 'Pin an exact version (or commit a lockfile) so the dependency can be checked.',
      key: `${problem.kind}\0${problem.entry ?? problem.message}`,
    }),
    tags: ['dependency'],
    analyzer: 'deps',
  };
}

function dbNotice(ruleId: string, title: string, message: string): Finding {
  return {
    ...scanFinding({
      ruleId,
      title,
      severity: 'medium',
      kind: 'notice',
      message,
      why: 'Without current advisory data, vulnerable dependencies go unreported.',
      fix: 'Run `rampart db update` (downloads OSV exports) or `rampart db import PATH` (offline), or pass --db FILE.',
    }),
    tags: ['dependency'],
    analyzer: 'deps',
  };
}

/**
 * What the one-shot scan (deps.ts) and the watch-mode session (deps-session.ts) share: the
 * findings (advisory matches, lockfile problems, advisory-database notices), reading `--sbom`
 * files, and opening the advisory database with its missing/stale/unreadable notices.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Finding } from '../../core/finding.ts';
import { fingerprint } from '../../core/fingerprint.ts';
import { relativeUnder } from '../../core/paths.ts';
import type { Severity } from '../../core/severity.ts';
import type { Package, Problem } from '../../deps/lockfiles/types.ts';
import {
  type AdvisoryDb,
  type AdvisoryMatch,
  advisoryDbStatus,
  checkStaleness,
  DEFAULT_MAX_AGE_MS,
  defaultAdvisoryDbPath,
  openAdvisoryDb,
} from '../advisories/index.ts';
import { scanFinding } from '../scan-finding.ts';
import { ALIAS_TAG } from '../suppress/vex.ts';
import type { DepsAnalyzerOptions } from './deps.ts';
import { readSbomPackages } from './sbom-packages.ts';

/** `why` is an excerpt: advisory details can be pages of markdown. */
const MAX_WHY_CHARS = 600;
const MAX_REFERENCES = 10;

export function matchFinding(match: AdvisoryMatch<Package>, references: readonly string[]): Finding {
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
export function referencesOf(db: AdvisoryDb, id: string): string[] {
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

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_WHY_CHARS ? flat : `${flat.slice(0, MAX_WHY_CHARS - 1)}…`;
}

export function problemFinding(problem: Problem): Finding {
  if (problem.kind === 'invalid-digest') return digestFinding(problem);
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

/** A malformed digest loses SBOM integrity data only: the package itself is still checked. */
function digestFinding(problem: Problem): Finding {
  return {
    ...scanFinding({
      ruleId: 'RMP-DEPS-DIGEST',
      title: 'Lockfile digest not read',
      severity: 'low',
      kind: 'parse-error',
      message: problem.message,
      file: problem.file,
      ...(problem.line === undefined ? {} : { line: problem.line }),
      why: 'The package is still checked against advisories, but its recorded digest is malformed, so the SBOM cannot carry it and the package manager may refuse to install from this file.',
      fix: 'Regenerate the lockfile (or the hashes) with the package manager and scan again.',
      key: `${problem.kind}\0${problem.entry ?? problem.message}`,
    }),
    tags: ['dependency'],
    analyzer: 'deps',
  };
}

export function dbNotice(ruleId: string, title: string, message: string): Finding {
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

/**
 * Findings deduplicated by fingerprint: a requirements file `-r`-included by another is parsed
 * twice (once on its own), its packages and problems carrying the included file's path.
 */
export class FindingSet {
  readonly list: Finding[] = [];
  private readonly seen = new Set<string>();

  add(finding: Finding): boolean {
    if (this.seen.has(finding.fingerprint)) return false;
    this.seen.add(finding.fingerprint);
    this.list.push(finding);
    return true;
  }
}

export const dbPathOf = (options: DepsAnalyzerOptions): string => options.dbPath ?? defaultAdvisoryDbPath();

/** `--sbom` files: their packages, and a finding per SBOM that cannot be read. */
export function readSboms(
  files: readonly string[],
  root: string,
): { packages: Package[]; findings: Finding[] } {
  const packages: Package[] = [];
  const findings: Finding[] = [];
  for (const sbom of files) {
    const display = relativeUnder(root, sbom);
    let text: string;
    try {
      text = readFileSync(sbom, 'utf8');
    } catch (error) {
      findings.push(
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
    for (const problem of result.problems) findings.push(problemFinding(problem));
  }
  return { packages, findings };
}

/**
 * Opens the advisory database for matching `packageCount` packages: a missing, stale or
 * unreadable database is a notice (never used silently); `db` is set when matching can go on.
 */
export function openForMatching(
  options: DepsAnalyzerOptions,
  packageCount: number,
): { db?: AdvisoryDb; notices: Finding[] } {
  const dbPath = dbPathOf(options);
  if (!existsSync(dbPath))
    return {
      notices: [
        dbNotice(
          'RMP-DEPS-DB-MISSING',
          'Advisory database missing',
          `no advisory database at ${dbPath}: ${packageCount === 1 ? '1 package was' : `${packageCount} packages were`} not checked for vulnerabilities; run \`rampart db update\` or \`rampart db import PATH\``,
        ),
      ],
    };
  let db: AdvisoryDb | undefined;
  try {
    db = openAdvisoryDb(dbPath, { mustExist: true });
    const staleness = checkStaleness(advisoryDbStatus(db), {
      maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
      ...(options.now ? { now: options.now() } : {}),
    });
    const notices = staleness.stale
      ? [
          dbNotice(
            'RMP-DEPS-DB-STALE',
            'Advisory database out of date',
            staleness.message ?? `advisory database ${dbPath} is out of date: run \`rampart db update\``,
          ),
        ]
      : [];
    return { db, notices };
  } catch (error) {
    db?.close();
    return { notices: [unreadable(dbPath, error)] };
  }
}

export function unreadable(dbPath: string, error: unknown): Finding {
  return dbNotice(
    'RMP-DEPS-DB-UNREADABLE',
    'Advisory database unreadable',
    `advisory database ${dbPath} could not be read (${error instanceof Error ? error.message : String(error)}): run \`rampart db update\` or \`rampart db import PATH\` to rebuild it`,
  );
}

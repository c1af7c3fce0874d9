import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../../core/finding.ts';
import type { RuleMetadata } from '../../core/rule.ts';
import type { CommitInfo } from '../../secrets/findings.ts';
import { BUILTIN_SECRETS_DIR, loadBuiltinSecrets, loadSecretsConfig } from '../../secrets/load.ts';
import type { SecretsConfig } from '../../secrets/types.ts';
import type { Analyzer, AnalyzerContext, AnalyzerSession, AnalyzerStats, ScanFile } from '../analyzer.ts';
import { collectCandidates, isCandidate } from '../collect/collect.ts';
import { pathFilter } from '../collect/filter.ts';
import type { WalkEntry } from '../collect/walk.ts';
import { toRelative } from '../collect/walk.ts';
import { scanFinding } from '../scan-finding.ts';
import { type ArchiveLimits, archiveType, DEFAULT_ARCHIVE_LIMITS, readArchive } from '../sources/archives.ts';
import { gitAddedChunks, type HistoryStats } from '../sources/git-history.ts';
import { type SecretsEngine, scanTextFindings, secretsEngine } from './secrets-engine.ts';

export interface SecretsAnalyzerOptions {
  /** Scan root, where `.gitleaks.toml` is looked up before the first analyze (rules listing). */
  readonly root?: string;
  /** `--secrets-config`: a gitleaks TOML. Default: `<root>/.gitleaks.toml` when it exists, else the built-ins. */
  readonly configFile?: string;
  /** Built-in rules directory (default rules/secrets). */
  readonly builtinDir?: string;
  /** A resolved config (tests); skips loading. */
  readonly config?: SecretsConfig;
  /** `--git`: also scan the lines added by every commit (optionally since a date / in a range). */
  readonly git?: { readonly since?: string; readonly range?: string };
  /** Read text files inside zip/tar archives found under the root (default true; off for stdin). */
  readonly archives?: boolean;
  readonly archiveLimits?: ArchiveLimits;
  /** Scan targets (absolute) when not the whole root: archives are looked up only there. */
  readonly targets?: readonly string[];
  /** `--include` / `--exclude` globs, also honoured when looking for archives. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface SecretsStats {
  /** Texts scanned: files, archive members, (commit, file) chunks. */
  readonly texts: number;
  readonly bytes: number;
  readonly historyBytes: number;
  readonly commits: number;
  readonly rules: number;
}

/** The collected files' share of a scan when worker threads scanned them (src/scan/workers). */
export interface OffloadedTexts {
  /** Findings in the order the files were collected. */
  readonly findings: readonly Finding[];
  readonly texts: number;
  /** UTF-8 bytes, as counted in-thread. */
  readonly bytes: number;
  /** The engine threw on a file: the analyzer fails as it would have in-thread. */
  readonly error?: Error;
  /**
   * The paths the collector considered (targets, .gitignore and --include/--exclude applied):
   * archives are looked up among them instead of walking the tree a second time.
   */
  readonly candidates?: readonly WalkEntry[];
}

export interface SecretsAnalyzer extends Analyzer {
  rules(): Promise<readonly RuleMetadata[]>;
  /** The resolved rules for `root` (its .gitleaks.toml, --secrets-config or the built-ins), for workers. */
  workerConfig(root: string): SecretsConfig;
  /** One collected file's findings with the engine `workerConfig` resolved (a parallel scan's own batches). */
  scanFile(text: string | Uint8Array, file: string): Finding[];
  /** `analyze` when worker threads scanned the collected files: adds archives and history. */
  analyzeOffloaded(offloaded: OffloadedTexts, context: AnalyzerContext): Promise<readonly Finding[]>;
  lastStats(): AnalyzerStats;
  stats(): SecretsStats;
  session(context?: AnalyzerContext): Promise<AnalyzerSession>;
}

/**
 * The scan side of secrets detection: gathers texts (collected files, archive members, git
 * history) and hands them to the pure engine in src/secrets. Reading archives and spawning git
 * happen here, not in the engine. Bad archives and git failures become findings; an invalid
 * secrets config is a ConfigError (exit 2).
 */
export function createSecretsAnalyzer(options: SecretsAnalyzerOptions = {}): SecretsAnalyzer {
  const engines = new Map<string, SecretsEngine>();
  /** The engine of the current parallel scan (workerConfig). */
  let parallel: SecretsEngine | undefined;
  // Without a root, `rules()` lists the built-ins only (a stray .gitleaks.toml in cwd is not ours).
  let root = options.root;
  let stats: SecretsStats = { texts: 0, bytes: 0, historyBytes: 0, commits: 0, rules: 0 };

  const engine = (): SecretsEngine => {
    const builtinDir = options.builtinDir ?? BUILTIN_SECRETS_DIR;
    const local = root === undefined ? undefined : path.join(root, '.gitleaks.toml');
    const file = options.configFile ?? (local !== undefined && existsSync(local) ? local : undefined);
    const key = options.config ? '<given>' : (file ?? '<builtin>');
    let e = engines.get(key);
    if (!e) {
      e = secretsEngine(
        options.config ??
          (file !== undefined ? loadSecretsConfig(file, builtinDir) : loadBuiltinSecrets(builtinDir)),
      );
      engines.set(key, e);
    }
    return e;
  };

  /**
   * Scans texts into findings with the current engine, counting what it saw. `offloaded`: the
   * collected files' findings and counts when worker threads scanned them (they come first, as
   * the files would have been scanned first here).
   */
  const textScanner = (offloaded?: OffloadedTexts) => {
    const current = engine();
    const findings: Finding[] = [...(offloaded?.findings ?? [])];
    let texts = offloaded?.texts ?? 0;
    let bytes = offloaded?.bytes ?? 0;
    /** `text`: a string, or its UTF-8 bytes when the collector kept them (the engine matches bytes). */
    const scanText = (
      text: string | Uint8Array,
      file: string,
      commit?: CommitInfo,
      lines?: readonly number[],
    ): void => {
      texts++;
      bytes += typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
      findings.push(...scanTextFindings(current, text, file, commit, lines));
    };
    return { findings, scanText, counts: () => ({ texts, bytes }), rules: current.rules.size };
  };

  /** Archives under the root and `--git` history: sources of the analyzer's own, not collected files. */
  const oneShotSources = async (
    scanRoot: string,
    run: ReturnType<typeof textScanner>,
    candidates?: readonly WalkEntry[],
  ): Promise<HistoryStats> => {
    if (options.archives !== false)
      run.findings.push(...(await scanArchives(scanRoot, options, run.scanText, candidates)));
    const history: HistoryStats = { bytes: 0, commits: 0 };
    if (options.git) {
      try {
        // Same file selection as the working tree: targets limit the log, globs filter paths.
        const keep = pathFilter(options.include ?? [], options.exclude ?? []);
        const paths = (options.targets ?? []).map(
          (t) => toRelative(scanRoot, path.resolve(scanRoot, t)) || '.',
        );
        for await (const chunk of gitAddedChunks({ cwd: scanRoot, ...options.git, paths }, history)) {
          if (keep(chunk.path)) run.scanText(chunk.text, chunk.path, chunk.commit, chunk.lines);
        }
      } catch (error) {
        run.findings.push({
          ...scanFinding({
            ruleId: 'RMP-SECRETS-GIT',
            title: 'Git history not scanned',
            severity: 'high',
            kind: 'parse-error',
            message: error instanceof Error ? error.message : String(error),
            why: '--git was requested but the history could not be read, so secrets in it are unreported.',
            fix: 'Run the scan inside a git work tree and check the --since / range values.',
          }),
          analyzer: 'secrets',
        });
      }
    }
    return history;
  };

  /** The end of a one-shot run (analyze, analyzeOffloaded): archives and history, then its stats. */
  const finishRun = async (
    scanRoot: string,
    run: ReturnType<typeof textScanner>,
    candidates?: readonly WalkEntry[],
  ): Promise<readonly Finding[]> => {
    const history = await oneShotSources(scanRoot, run, candidates);
    stats = { ...run.counts(), historyBytes: history.bytes, commits: history.commits, rules: run.rules };
    return run.findings;
  };

  return {
    name: 'secrets',
    // Every collected file is text already (binaries are skipped by the collector).
    wants: (_file: ScanFile) => true,
    // Archives (skipped by the collector as binary) and --git history are its own sources.
    runsWithoutFiles: true,
    async analyze(files: readonly ScanFile[], context: AnalyzerContext): Promise<readonly Finding[]> {
      root = context.root;
      const run = textScanner();
      // The bytes when the collector kept them: the text itself is then never decoded.
      for (const f of files) run.scanText(f.bytes ?? f.content, f.path);
      return finishRun(context.root, run);
    },
    workerConfig(scanRoot: string): SecretsConfig {
      root = scanRoot;
      parallel = engine();
      return parallel.config;
    },
    // Called per file: the engine workerConfig resolved, not a config lookup (a stat) each time.
    scanFile: (text: string | Uint8Array, file: string): Finding[] =>
      scanTextFindings(parallel ?? engine(), text, file),
    async analyzeOffloaded(offloaded: OffloadedTexts, context: AnalyzerContext): Promise<readonly Finding[]> {
      // The in-thread path fails the whole analyzer when the engine throws on a file: so here.
      if (offloaded.error !== undefined) throw offloaded.error;
      root = context.root;
      return finishRun(context.root, textScanner(offloaded), offloaded.candidates);
    },
    async rules() {
      return [...engine().rules.values()];
    },
    lastStats: () => ({ documents: stats.texts, rulesEvaluated: stats.rules }),
    stats: () => stats,
    // Watch mode / LSP: changed working-tree files are re-scanned; archives and history are
    // scanned once when the session starts and their findings kept.
    async session(context?: AnalyzerContext): Promise<AnalyzerSession> {
      if (context) root = context.root;
      const current = engine();
      const oneShot = textScanner();
      if (root !== undefined) await oneShotSources(root, oneShot);
      const byFile = new Map<string, Finding[]>();
      return {
        update(changed, removed) {
          for (const p of removed) byFile.delete(p);
          for (const f of changed)
            byFile.set(f.path, scanTextFindings(current, f.bytes ?? f.content, f.path));
          return [...oneShot.findings, ...[...byFile.values()].flat()];
        },
        stats: () => ({ documents: byFile.size }),
      };
    },
  };
}

async function scanArchives(
  root: string,
  options: SecretsAnalyzerOptions,
  scanText: (text: string, file: string) => void,
  candidates: readonly WalkEntry[] | undefined,
): Promise<Finding[]> {
  const limits = options.archiveLimits ?? DEFAULT_ARCHIVE_LIMITS;
  const findings: Finding[] = [];
  // The collector's own candidates, so archives outside what the user asked for are not read:
  // its listing when a one-shot scan handed it over (narrowed to this analyzer's targets and
  // globs, as a listing of its own would be), else a listing made here.
  const selection = {
    root,
    ...(options.targets ? { targets: options.targets } : {}),
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  };
  const entries = candidates
    ? candidates.filter(isCandidate(selection))
    : (await collectCandidates(selection)).entries;
  for (const entry of entries) {
    if (archiveType(entry.rel) === undefined) continue;
    let bytes: Buffer;
    try {
      const size = (await stat(entry.abs)).size;
      if (size > limits.maxTotalBytes) {
        findings.push(
          archiveProblem(entry.rel, `archive is ${size} bytes, above ${limits.maxTotalBytes}: not opened`),
        );
        continue;
      }
      bytes = await readFile(entry.abs);
    } catch (error) {
      findings.push(
        archiveProblem(entry.rel, `unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}`),
      );
      continue;
    }
    const contents = await readArchive(bytes, entry.rel, limits);
    for (const m of contents.members) scanText(m.content, m.path);
    for (const p of contents.problems) findings.push(archiveProblem(p.path, p.message));
  }
  return findings;
}

function archiveProblem(file: string, message: string): Finding {
  return {
    ...scanFinding({
      ruleId: 'RMP-SECRETS-ARCHIVE',
      title: 'Archive content not scanned',
      severity: 'low',
      kind: 'parse-error',
      message: `${file}: ${message}`,
      file,
      why: 'Secrets inside this archive member would go unreported.',
      fix: 'Check the archive; if it is expected to be that large or nested, scan it extracted.',
      key: message,
    }),
    analyzer: 'secrets',
  };
}

import type { Finding } from '../../core/finding.ts';
import type { Analyzer, AnalyzerContext, AnalyzerSession, ScanFile } from '../analyzer.ts';
import { runAnalyzers } from '../run-analyzers.ts';

/**
 * One analyzer's cached findings in watch mode. With an incremental session (the policy
 * analyzer has one) the analyzer decides what to re-evaluate, cross-file rules included;
 * otherwise findings are cached per file and only changed files (plus Terraform siblings,
 * which share variables) are re-analyzed.
 */
export class AnalyzerState {
  private session?: AnalyzerSession;
  private all: readonly Finding[] = [];
  private readonly byFile = new Map<string, Finding[]>();
  private readonly tracked = new Set<string>();

  constructor(
    readonly analyzer: Analyzer,
    private readonly context: AnalyzerContext,
  ) {}

  async start(files: readonly ScanFile[]): Promise<void> {
    const wanted = files.filter((f) => this.wants(f));
    for (const f of wanted) this.tracked.add(f.path);
    this.session = await this.analyzer.session?.(this.context);
    if (this.session) {
      this.all = this.safely(() => this.session?.update(wanted, []) ?? []);
      return;
    }
    await this.reanalyze(
      wanted.map((f) => f.path),
      new Map(files.map((f) => [f.path, f])),
    );
  }

  /** `files` is the whole current file set; `changed`/`removed` are what the watcher saw. */
  async update(
    changed: readonly ScanFile[],
    removed: readonly string[],
    files: ReadonlyMap<string, ScanFile>,
  ): Promise<void> {
    const gone = [...removed];
    const wanted: ScanFile[] = [];
    for (const f of changed) {
      if (this.wants(f)) {
        wanted.push(f);
        this.tracked.add(f.path);
      } else if (this.tracked.delete(f.path)) gone.push(f.path);
    }
    for (const p of removed) this.tracked.delete(p);
    if (this.session) {
      const session = this.session;
      this.all = this.safely(() => session.update(wanted, gone));
      return;
    }
    for (const p of gone) this.byFile.delete(p);
    await this.reanalyze(withSiblings([...wanted.map((f) => f.path), ...gone], this.tracked), files);
  }

  findings(): readonly Finding[] {
    return this.session ? this.all : [...this.byFile.values()].flat();
  }

  documents(): number | undefined {
    return this.session?.stats?.().documents;
  }

  private wants(file: ScanFile): boolean {
    try {
      return this.analyzer.wants(file);
    } catch {
      return false;
    }
  }

  private async reanalyze(paths: readonly string[], files: ReadonlyMap<string, ScanFile>): Promise<void> {
    const group = new Set(paths.filter((p) => this.tracked.has(p)));
    for (const p of paths) this.byFile.delete(p);
    const input = [...group].flatMap((p) => files.get(p) ?? []);
    if (input.length === 0) return;
    const { findings } = await runAnalyzers([this.analyzer], input, this.context);
    for (const f of findings) {
      const rel = f.location.file ?? '';
      this.byFile.set(rel, [...(this.byFile.get(rel) ?? []), f]);
    }
  }

  /** A session must not throw; if it does, keep the previous findings rather than stop watching. */
  private safely(run: () => readonly Finding[]): readonly Finding[] {
    try {
      return run();
    } catch {
      return this.all;
    }
  }
}

const isTerraform = (p: string) => /\.(tf|tfvars)$/.test(p);
const dirOf = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')));

function withSiblings(paths: readonly string[], tracked: ReadonlySet<string>): string[] {
  const group = new Set(paths);
  const tfDirs = new Set(paths.filter(isTerraform).map(dirOf));
  if (tfDirs.size > 0) for (const p of tracked) if (isTerraform(p) && tfDirs.has(dirOf(p))) group.add(p);
  return [...group];
}

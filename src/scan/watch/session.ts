import type { Finding } from '../../core/finding.ts';
import type { ScanResult } from '../../report/reporter.ts';
import type { ScanFile } from '../analyzer.ts';
import { collectPaths } from '../collect/collect-paths.ts';
import { finishScan } from '../finish.ts';
import type { ScanOptions } from '../options.ts';
import { runAnalyzers } from '../run-analyzers.ts';
import { runScan, type ScanRun } from '../run-scan.ts';
import { DEFAULT_WAIVERS } from '../suppress/sources.ts';

/** Files whose change alters how everything else is read: they trigger a full rescan. */
const GLOBAL_FILES = /(^|\/)(\.gitignore|rampart\.ya?ml)$/;

/**
 * Incremental re-scan state for watch mode: files and findings cached per path, so a change
 * re-reads and re-analyzes only the changed files (plus Terraform siblings, which share
 * variables and locals). Cross-file rules may lag until the next full scan.
 */
export class WatchSession {
  private files = new Map<string, ScanFile>();
  private notices = new Map<string, Finding>();
  private findings = new Map<string, Finding[]>();
  private run!: ScanRun;

  private constructor(private readonly options: ScanOptions) {}

  static async start(options: ScanOptions): Promise<{ session: WatchSession; result: ScanResult }> {
    const session = new WatchSession(options);
    return { session, result: await session.full() };
  }

  get result(): ScanResult {
    return this.run.result;
  }

  /** Re-scan after `changed` (root-relative paths from the file watcher). */
  async update(changed: readonly string[]): Promise<ScanResult> {
    const waivers = this.options.waivers;
    const global = changed.some(
      (p) => GLOBAL_FILES.test(p) || p === DEFAULT_WAIVERS || (waivers !== undefined && waivers.endsWith(p)),
    );
    if (global) return this.full();
    const update = await collectPaths(changed, {
      root: this.options.root,
      ...(this.options.include ? { include: this.options.include } : {}),
      ...(this.options.exclude ? { exclude: this.options.exclude } : {}),
      ...(this.options.maxFileSize !== undefined ? { maxFileSize: this.options.maxFileSize } : {}),
    });
    for (const rel of update.removed) this.forget(rel);
    for (const n of update.notices) if (n.location.file) this.notices.set(n.location.file, n);
    for (const f of update.files) {
      this.files.set(f.path, f);
      this.notices.delete(f.path);
    }
    const group = this.withSiblings(update.files.map((f) => f.path));
    for (const rel of group) this.findings.delete(rel);
    const files = [...group].flatMap((p) => this.files.get(p) ?? []);
    const analyzed = await runAnalyzers(this.options.analyzers, files, { root: this.options.root });
    for (const f of analyzed.findings) {
      const rel = f.location.file ?? '';
      if (!group.has(rel)) continue;
      const list = this.findings.get(rel) ?? [];
      list.push(f);
      this.findings.set(rel, list);
    }
    return this.finish();
  }

  private async full(): Promise<ScanResult> {
    this.run = await runScan(this.options);
    this.files = new Map(this.run.raw.files.map((f) => [f.path, f]));
    this.notices.clear();
    this.findings.clear();
    for (const f of this.run.raw.findings) {
      const rel = f.location.file ?? '';
      if (f.ruleId === 'RMP-SKIPPED') this.notices.set(rel, f);
      else this.findings.set(rel, [...(this.findings.get(rel) ?? []), f]);
    }
    return this.run.result;
  }

  private finish(): ScanResult {
    const raw = {
      ...this.run.raw,
      files: [...this.files.values()],
      findings: [...[...this.findings.values()].flat(), ...this.notices.values()],
      facts: { ...this.run.raw.facts, filesScanned: this.files.size, filesSkipped: this.notices.size },
      startedAt: (this.options.now ?? (() => new Date()))(),
    };
    const result = finishScan(raw, this.options, this.run.suppressions);
    this.run = { ...this.run, raw, result };
    return result;
  }

  /** A deleted directory removes everything under it. */
  private forget(rel: string): void {
    for (const map of [this.files, this.notices, this.findings] as Map<string, unknown>[]) {
      for (const key of [...map.keys()]) if (key === rel || key.startsWith(`${rel}/`)) map.delete(key);
    }
  }

  private withSiblings(paths: readonly string[]): Set<string> {
    const group = new Set(paths);
    const tfDirs = new Set(paths.filter(isTerraform).map(dirOf));
    if (tfDirs.size === 0) return group;
    for (const p of this.files.keys()) if (isTerraform(p) && tfDirs.has(dirOf(p))) group.add(p);
    return group;
  }
}

const isTerraform = (p: string) => /\.(tf|tfvars)$/.test(p);
const dirOf = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')));

import type { Finding } from '../../core/finding.ts';
import type { ScanResult } from '../../report/reporter.ts';
import type { ScanFile } from '../analyzer.ts';
import { collect } from '../collect/collect.ts';
import { collectPaths } from '../collect/collect-paths.ts';
import type { CollectOptions } from '../collect/types.ts';
import { finishScan, type RawScan } from '../finish.ts';
import type { ScanOptions } from '../options.ts';
import { DEFAULT_WAIVERS, type LoadedSuppressions, loadSuppressions } from '../suppress/sources.ts';
import { AnalyzerState } from './analyzer-state.ts';

/** Files whose change alters how everything else is read: they trigger a full rescan. */
const GLOBAL_FILES = /(^|\/)(\.gitignore|rampart\.ya?ml)$/;

/**
 * Watch-mode state: the current files, collector notices and each analyzer's findings, so a
 * change re-reads and re-analyzes only what changed, then runs the same finish step (rules
 * config, the one suppression path, summary) as a full scan.
 */
export class WatchSession {
  private files = new Map<string, ScanFile>();
  private notices = new Map<string, Finding>();
  private states: AnalyzerState[] = [];
  private suppressions: LoadedSuppressions = { waivers: [] };
  private rules: RawScan['rules'] = [];
  private current!: ScanResult;

  private constructor(private readonly options: ScanOptions) {}

  static async start(options: ScanOptions): Promise<{ session: WatchSession; result: ScanResult }> {
    const session = new WatchSession(options);
    return { session, result: await session.full() };
  }

  get result(): ScanResult {
    return this.current;
  }

  /** Whether `rel` is a scanned file (or a skipped one) right now. */
  hasFile(rel: string): boolean {
    return this.files.has(rel) || this.notices.has(rel);
  }

  /** Re-scan after `changed` (root-relative paths reported by the file watcher). */
  async update(changed: readonly string[]): Promise<ScanResult> {
    const waivers = this.options.waivers;
    const global = changed.some(
      (p) => GLOBAL_FILES.test(p) || p === DEFAULT_WAIVERS || waivers?.endsWith(p) === true,
    );
    if (global) return this.full();
    const startedAt = this.clock();
    const update = await collectPaths(changed, this.collectOptions());
    const removed = update.removed.flatMap((rel) => this.forget(rel));
    for (const n of update.notices) if (n.location.file) this.notices.set(n.location.file, n);
    for (const f of update.files) {
      this.files.set(f.path, f);
      this.notices.delete(f.path);
    }
    for (const state of this.states) await state.update(update.files, removed, this.files);
    return this.finish(startedAt);
  }

  private async full(): Promise<ScanResult> {
    const startedAt = this.clock();
    this.suppressions = await loadSuppressions(
      this.options.root,
      this.options.waivers,
      this.options.baseline,
      this.options.vex,
    );
    const collected = await collect(this.collectOptions());
    this.files = new Map(collected.files.map((f) => [f.path, f]));
    this.notices = new Map(collected.notices.map((n) => [n.location.file ?? '', n]));
    this.states = this.options.analyzers.map((a) => new AnalyzerState(a, { root: this.options.root }));
    const rules = new Map<string, RawScan['rules'][number]>();
    for (const state of this.states) {
      await state.start(collected.files);
      for (const rule of (await state.analyzer.rules?.().catch(() => [])) ?? []) rules.set(rule.id, rule);
    }
    this.rules = [...rules.values()];
    return this.finish(startedAt);
  }

  private clock(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private finish(startedAt: Date): ScanResult {
    const raw: RawScan = {
      findings: [...this.states.flatMap((s) => s.findings()), ...this.notices.values()],
      files: [...this.files.values()],
      rules: this.rules,
      facts: {
        filesScanned: this.files.size,
        filesSkipped: this.notices.size,
        documents: this.states.reduce((n, s) => n + (s.documents() ?? 0), 0),
        rulesEvaluated: this.rules.length,
      },
      startedAt,
    };
    this.current = finishScan(raw, this.options, this.suppressions);
    return this.current;
  }

  private collectOptions(): CollectOptions {
    return {
      root: this.options.root,
      ...(this.options.targets ? { targets: this.options.targets } : {}),
      ...(this.options.include ? { include: this.options.include } : {}),
      ...(this.options.exclude ? { exclude: this.options.exclude } : {}),
      ...(this.options.maxFileSize !== undefined ? { maxFileSize: this.options.maxFileSize } : {}),
    };
  }

  /** Drops a path (a deleted directory: everything under it); returns the file paths dropped. */
  private forget(rel: string): string[] {
    const dropped: string[] = [];
    for (const key of [...this.files.keys()]) {
      if (key === rel || key.startsWith(`${rel}/`)) {
        this.files.delete(key);
        dropped.push(key);
      }
    }
    for (const key of [...this.notices.keys()])
      if (key === rel || key.startsWith(`${rel}/`)) this.notices.delete(key);
    return dropped;
  }
}

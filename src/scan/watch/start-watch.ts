import type { ScanResult } from '../../report/reporter.ts';
import type { ScanOptions } from '../options.ts';
import { diffFindings, type FindingsDelta } from './delta.ts';
import { WatchSession } from './session.ts';
import { watchTree } from './tree-watcher.ts';

export interface WatchDelta extends FindingsDelta {
  /** True for the first, full scan (every finding is `added`). */
  readonly initial: boolean;
  readonly result: ScanResult;
  /** Root-relative paths of scanned files that changed (all event paths if none was a scanned file). */
  readonly changed: readonly string[];
  readonly at: Date;
  /** From the first file event of the batch to the result (ms), for the ≤150 ms target. */
  readonly latencyMs: number;
}

export interface WatchOptions extends ScanOptions {
  /** Quiet period after the last event before re-scanning (editors write files in bursts). */
  readonly debounceMs?: number;
  /** Called when a re-scan fails (e.g. a broken waivers file); watching continues. */
  readonly onError?: (error: unknown) => void;
}

export type StopWatch = () => void;

/**
 * Scans once, then re-scans only what changed on every file-system change (a watch per
 * directory, see tree-watcher.ts), reporting the delta. Re-scans never overlap: changes that
 * arrive during one are batched into the next. Returns a function that stops watching.
 */
export async function startWatch(
  options: WatchOptions,
  onDelta: (delta: WatchDelta) => void,
): Promise<StopWatch> {
  const { session, result } = await WatchSession.start(options);
  onDelta({
    initial: true,
    result,
    added: result.findings,
    fixed: [],
    changed: [],
    at: new Date(),
    latencyMs: 0,
  });

  const pending = new Set<string>();
  let firstEventAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = false;

  const flush = async (): Promise<void> => {
    timer = undefined;
    if (running || stopped || pending.size === 0) return;
    running = true;
    const changed = [...pending].sort();
    const since = firstEventAt;
    pending.clear();
    firstEventAt = 0;
    try {
      const before = session.result;
      const after = await session.update(changed);
      const delta = diffFindings(before.findings, after.findings);
      if (!stopped)
        onDelta({
          initial: false,
          result: after,
          ...delta,
          changed,
          at: new Date(),
          latencyMs: Date.now() - since,
        });
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
      if (pending.size > 0 && !stopped) schedule();
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), options.debounceMs ?? 30);
  };

  const watcher = await watchTree(options.root, (rel) => {
    if (firstEventAt === 0) firstEventAt = Date.now();
    pending.add(rel);
    schedule();
  });

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}

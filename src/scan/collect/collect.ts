import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../../core/finding.ts';
import type { ScanFile } from '../analyzer.ts';
import { skippedNotice } from '../scan-finding.ts';
import { directoryFilter, pathFilter } from './filter.ts';
import { mapLimit } from './pool.ts';
import { readScanFile, readScanFileSync, scanFileOf, textOf } from './read.ts';
import { type CollectOptions, type CollectResult, DEFAULT_MAX_FILE_SIZE } from './types.ts';
import { errorCode, toRelative, type WalkEntry, walk } from './walk.ts';

/**
 * Target → files. Walked directories honour .gitignore; include/exclude apply to every path,
 * named files included, so a pre-commit hook passing staged files gets the same filtering.
 */
export async function collect(options: CollectOptions): Promise<CollectResult> {
  const { entries, notices } = await collectCandidates(options);
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // Synchronous reads unless a concurrency is asked for: cheaper on one core (see readScanFileSync).
  const read =
    options.concurrency === undefined
      ? entries.map((e) => readScanFileSync(e.abs, e.rel, max))
      : await mapLimit(entries, options.concurrency, (e) => readScanFile(e.abs, e.rel, max));
  const files: ScanFile[] = [];
  for (const item of read) {
    if ('content' in item) files.push(item);
    else notices.push(item);
  }
  return { files, notices };
}

/**
 * The files `collect` would read, in its order, and the notices of the walk (targets that cannot
 * be read, skipped directories). A parallel scan reads them one by one (src/scan/workers).
 */
export async function collectCandidates(
  options: CollectOptions,
): Promise<{ entries: WalkEntry[]; notices: Finding[] }> {
  const notices: Finding[] = [];
  const exclude = options.exclude ?? [];
  const keep = pathFilter(options.include ?? [], exclude);
  const targets = options.targets && options.targets.length > 0 ? options.targets : [options.root];
  const candidates = new Map<string, WalkEntry>();

  for (const target of targets) {
    const abs = path.resolve(options.root, target);
    const rel = toRelative(options.root, abs);
    let isDir: boolean;
    try {
      const s = await stat(abs);
      isDir = s.isDirectory();
      // FIFOs, sockets and devices would block or never end: only regular files are read.
      if (!isDir && !s.isFile()) {
        notices.push(skippedNotice(rel || target, 'not a regular file'));
        continue;
      }
    } catch (error) {
      notices.push(skippedNotice(rel || target, `cannot read target (${errorCode(error)})`));
      continue;
    }
    const entries = isDir ? await walk(abs, { root: options.root, exclude }, notices) : [{ abs, rel }];
    for (const entry of entries) if (keep(entry.rel)) candidates.set(entry.rel, entry);
  }
  return { entries: [...candidates.values()], notices };
}

/** `--stdin-filename NAME`: the content read from stdin, analyzed as if it were NAME. */
export function collectStdin(filename: string, bytes: Uint8Array, maxFileSize?: number): CollectResult {
  const rel = filename.split(path.sep).join('/');
  const result = textOf(bytes, maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if ('skip' in result) return { files: [], notices: [skippedNotice(rel, result.skip)] };
  return { files: [scanFileOf(rel, result)], notices: [] };
}

/**
 * Whether collectCandidates with `options` would list `entry` (taken from a listing of the same
 * root made with other options): under a target, through --include/--exclude, and in no
 * excluded directory below its target. .gitignore is not looked at again: the listing honoured
 * it already. Lets a second consumer (the secrets analyzer's archives) reuse the collector's
 * listing instead of walking the tree again.
 */
export function isCandidate(options: CollectOptions): (entry: WalkEntry) => boolean {
  const exclude = options.exclude ?? [];
  const keep = pathFilter(options.include ?? [], exclude);
  const keepDir = directoryFilter(exclude);
  const targets = (options.targets && options.targets.length > 0 ? options.targets : [options.root]).map(
    (t) => toRelative(options.root, path.resolve(options.root, t)),
  );
  const under = (rel: string, target: string): boolean => {
    if (rel === target) return true;
    if (target !== '' && !rel.startsWith(`${target}/`)) return false;
    const dirs = rel
      .slice(target === '' ? 0 : target.length + 1)
      .split('/')
      .slice(0, -1);
    let dir = target;
    for (const part of dirs) {
      dir = dir === '' ? part : `${dir}/${part}`;
      if (!keepDir(dir)) return false;
    }
    return true;
  };
  return (entry) => keep(entry.rel) && targets.some((t) => under(entry.rel, t));
}

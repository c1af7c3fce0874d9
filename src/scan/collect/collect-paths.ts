import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../../core/finding.ts';
import type { ScanFile } from '../analyzer.ts';
import { pathFilter } from './filter.ts';
import { isIgnoredPath } from './gitignore.ts';
import { readScanFile } from './read.ts';
import { type CollectOptions, DEFAULT_MAX_FILE_SIZE } from './types.ts';
import { walk } from './walk.ts';

export interface ChangedPaths {
  readonly files: readonly ScanFile[];
  readonly notices: readonly Finding[];
  /** Paths that no longer exist, or are now ignored/excluded: drop them from any cache. */
  readonly removed: readonly string[];
}

/**
 * Re-collects a few root-relative paths after a change (watch mode, LSP): same .gitignore,
 * include/exclude, size and binary rules as a full collect, without walking the whole tree.
 */
export async function collectPaths(rels: readonly string[], options: CollectOptions): Promise<ChangedPaths> {
  const keep = pathFilter(options.include ?? [], options.exclude ?? []);
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const files: ScanFile[] = [];
  const notices: Finding[] = [];
  const removed: string[] = [];
  for (const rel of rels) {
    const abs = path.join(options.root, rel);
    let isDir: boolean;
    try {
      const s = await stat(abs);
      isDir = s.isDirectory();
      if (!isDir && !s.isFile()) {
        removed.push(rel); // FIFOs and sockets would block the reader
        continue;
      }
    } catch {
      removed.push(rel);
      continue;
    }
    if (await isIgnoredPath(options.root, rel)) {
      removed.push(rel);
      continue;
    }
    const entries = isDir
      ? await walk(abs, { root: options.root, exclude: options.exclude ?? [] }, notices)
      : [{ abs, rel }];
    for (const entry of entries) {
      if (!keep(entry.rel)) {
        removed.push(entry.rel);
        continue;
      }
      const read = await readScanFile(entry.abs, entry.rel, max);
      if ('content' in read) files.push(read);
      else {
        notices.push(read);
        removed.push(entry.rel);
      }
    }
  }
  return { files, notices, removed };
}

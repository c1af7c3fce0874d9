import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../../core/finding.ts';
import { skippedNotice } from '../scan-finding.ts';
import { directoryFilter } from './filter.ts';
import { GitignoreStack } from './gitignore.ts';

export interface WalkEntry {
  readonly abs: string;
  /** Root-relative, forward slashes. */
  readonly rel: string;
}

export interface WalkOptions {
  readonly root: string;
  readonly exclude: readonly string[];
}

export function toRelative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * Lists the files under `start`, depth first in name order (stable output), skipping `.git`,
 * gitignored paths and excluded directories. Symlinked directories are followed once: the
 * real path of every visited directory is remembered, so a link loop ends the descent.
 */
export async function walk(start: string, options: WalkOptions, notices: Finding[]): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const visited = new Set<string>();
  const keepDir = directoryFilter(options.exclude);

  const visit = async (absDir: string, stack: GitignoreStack): Promise<void> => {
    const id = await directoryId(absDir);
    if (id === undefined || visited.has(id)) return;
    visited.add(id);
    const rel = toRelative(options.root, absDir);
    const here = await stack.enter(absDir, rel);
    let entries: Dirent[];
    try {
      entries = await readdir(absDir, { withFileTypes: true });
    } catch (error) {
      notices.push(skippedNotice(rel || '.', `directory unreadable (${errorCode(error)})`));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const abs = path.join(absDir, entry.name);
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(abs);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          notices.push(skippedNotice(childRel, `broken symbolic link (${errorCode(error)})`));
          continue;
        }
      }
      if (here.ignores(childRel, isDir)) continue;
      if (isDir) {
        if (keepDir(childRel)) await visit(abs, here);
      } else if (isFile) {
        out.push({ abs, rel: childRel });
      } else {
        notices.push(skippedNotice(childRel, 'not a regular file'));
      }
    }
  };

  await visit(start, await ancestorsStack(options.root, start));
  return out;
}

/** .gitignore files between the root and a start directory below it also apply. */
async function ancestorsStack(root: string, start: string): Promise<GitignoreStack> {
  let stack = await GitignoreStack.forRoot(root);
  const rel = toRelative(root, start);
  if (rel === '' || rel.startsWith('..')) return stack;
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const dirRel = parts.slice(0, i).join('/');
    stack = await stack.enter(path.join(root, ...parts.slice(0, i)), dirRel);
  }
  return stack;
}

async function directoryId(absDir: string): Promise<string | undefined> {
  try {
    const s = await stat(absDir);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

export function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

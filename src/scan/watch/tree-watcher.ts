import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { GitignoreStack } from '../collect/gitignore.ts';

export interface TreeWatcher {
  close(): void;
}

/**
 * One non-recursive fs.watch per directory, skipping `.git` and gitignored directories. Node
 * 20's recursive mode on Linux tracks files by stat polling and misses files replaced by rename
 * (what editors and `sed -i` do); a directory watch reports every entry change by name.
 * New directories are watched as they appear; removed ones are released.
 */
export async function watchTree(root: string, onPath: (rel: string) => void): Promise<TreeWatcher> {
  const watchers = new Map<string, FSWatcher>();
  const seen = new Set<string>();
  let closed = false;

  const add = async (absDir: string, rel: string, stack: GitignoreStack): Promise<void> => {
    if (closed || watchers.has(rel)) return;
    let id: string;
    try {
      const s = await stat(absDir);
      if (!s.isDirectory()) return;
      id = `${s.dev}:${s.ino}`;
    } catch {
      return;
    }
    if (seen.has(id)) return; // a symlink loop, or a directory reached twice
    seen.add(id);
    const here = await stack.enter(absDir, rel);
    try {
      const watcher = watch(absDir, (event, filename) => {
        if (!filename) return;
        const child = rel === '' ? filename.toString() : `${rel}/${filename.toString()}`;
        if (child.split('/').includes('.git')) return;
        onPath(child);
        if (event === 'rename') void onRename(path.join(absDir, filename.toString()), child, here);
      });
      watcher.on('error', () => release(rel, id));
      watchers.set(rel, watcher);
    } catch {
      seen.delete(id);
      return;
    }
    let entries: import('node:fs').Dirent[] = [];
    try {
      entries = await readdir(absDir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === '.git' || !(e.isDirectory() || e.isSymbolicLink())) continue;
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      if (!here.ignores(childRel, true)) await add(path.join(absDir, e.name), childRel, here);
    }
  };

  const onRename = async (abs: string, rel: string, parent: GitignoreStack): Promise<void> => {
    try {
      if ((await stat(abs)).isDirectory() && !parent.ignores(rel, true)) await add(abs, rel, parent);
    } catch {
      for (const key of [...watchers.keys()]) if (key === rel || key.startsWith(`${rel}/`)) release(key);
    }
  };

  const release = (rel: string, id?: string): void => {
    watchers.get(rel)?.close();
    watchers.delete(rel);
    if (id) seen.delete(id);
  };

  await add(root, '', await GitignoreStack.forRoot(root));
  return {
    close() {
      closed = true;
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

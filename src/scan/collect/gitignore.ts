import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** One .gitignore and the directory (root-relative, '' for root) its patterns are relative to. */
interface IgnoreLevel {
  readonly dir: string;
  /** For a .gitignore above the scan root (same repository): the path from its folder to the root. */
  readonly above?: string;
  readonly rules: Ignore;
}

/**
 * The .gitignore files that apply inside one directory, outermost first. Deeper files can
 * re-include (`!pattern`) what outer ones excluded, as in git, so levels are tested in order.
 */
export class GitignoreStack {
  private constructor(private readonly levels: readonly IgnoreLevel[]) {}

  static empty(): GitignoreStack {
    return new GitignoreStack([]);
  }

  /**
   * The .gitignore files above `root` up to its repository's top (the folder holding `.git`):
   * scanning `services/api` still honours the repository's `node_modules/` rule, as git does.
   * Outside a repository nothing above the root applies.
   */
  static async forRoot(root: string): Promise<GitignoreStack> {
    const ancestors: string[] = [];
    let dir = path.resolve(root);
    for (;;) {
      if (await exists(path.join(dir, '.git'))) break;
      const parent = path.dirname(dir);
      if (parent === dir) return GitignoreStack.empty();
      ancestors.unshift(parent);
      dir = parent;
    }
    const levels: IgnoreLevel[] = [];
    for (const ancestor of ancestors) {
      try {
        const text = await readFile(path.join(ancestor, '.gitignore'), 'utf8');
        const above = path.relative(ancestor, root).split(path.sep).join('/');
        levels.push({ dir: '', above, rules: ignore().add(text) });
      } catch {
        // no .gitignore at this level
      }
    }
    return new GitignoreStack(levels);
  }

  /** The stack for `dir` (root-relative): this one plus `dir/.gitignore` if it exists. */
  async enter(absDir: string, dir: string): Promise<GitignoreStack> {
    let text: string;
    try {
      text = await readFile(path.join(absDir, '.gitignore'), 'utf8');
    } catch {
      return this;
    }
    return this.with(dir, text);
  }

  /** This stack plus the .gitignore `text` of `dir` (root-relative). */
  with(dir: string, text: string): GitignoreStack {
    return new GitignoreStack([...this.levels, { dir, rules: ignore().add(text) }]);
  }

  /** `relPath` is root-relative with forward slashes. */
  ignores(relPath: string, isDirectory: boolean): boolean {
    // Paths outside the root (a target given as ../x) are not under these files' control.
    if (relPath.startsWith('../') || relPath === '..' || path.isAbsolute(relPath)) return false;
    let ignored = false;
    for (const level of this.levels) {
      const local =
        level.above !== undefined
          ? `${level.above}/${relPath}`
          : level.dir === ''
            ? relPath
            : relPath.slice(level.dir.length + 1);
      if (local === '') continue;
      const result = level.rules.test(isDirectory ? `${local}/` : local);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

/**
 * Whether one root-relative file path is gitignored, checking every ancestor directory (an
 * ignored directory hides its files even if a pattern would re-include them, as in git).
 */
export async function isIgnoredPath(root: string, relPath: string): Promise<boolean> {
  const parts = relPath.split('/');
  if (parts.includes('.git')) return true;
  let stack = await (await GitignoreStack.forRoot(root)).enter(root, '');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (stack.ignores(dir, true)) return true;
    stack = await stack.enter(path.join(root, ...parts.slice(0, i)), dir);
  }
  return stack.ignores(relPath, false);
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

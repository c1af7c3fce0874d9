import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** One .gitignore and the directory (root-relative, '' for root) its patterns are relative to. */
interface IgnoreLevel {
  readonly dir: string;
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

  /** The stack for `dir` (root-relative): this one plus `dir/.gitignore` if it exists. */
  async enter(absDir: string, dir: string): Promise<GitignoreStack> {
    let text: string;
    try {
      text = await readFile(path.join(absDir, '.gitignore'), 'utf8');
    } catch {
      return this;
    }
    return new GitignoreStack([...this.levels, { dir, rules: ignore().add(text) }]);
  }

  /** `relPath` is root-relative with forward slashes. */
  ignores(relPath: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const level of this.levels) {
      const local = level.dir === '' ? relPath : relPath.slice(level.dir.length + 1);
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
  let stack = await GitignoreStack.empty().enter(root, '');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (stack.ignores(dir, true)) return true;
    stack = await stack.enter(path.join(root, ...parts.slice(0, i)), dir);
  }
  return stack.ignores(relPath, false);
}

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

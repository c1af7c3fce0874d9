import picomatch from 'picomatch';

export type PathFilter = (relPath: string) => boolean;

/**
 * `--include`/`--exclude`: globs match the root-relative path. A pattern without a slash also
 * matches the base name (`*.tf` finds `infra/main.tf`), as users expect from .gitignore.
 */
export function pathFilter(include: readonly string[], exclude: readonly string[]): PathFilter {
  const options = { dot: true, basename: false };
  const compile = (globs: readonly string[]) =>
    globs.map((glob) => picomatch(glob, { ...options, matchBase: !glob.includes('/') }));
  const includes = compile(include);
  const excludes = compile(exclude);
  return (relPath) => {
    if (excludes.some((m) => m(relPath))) return false;
    return includes.length === 0 || includes.some((m) => m(relPath));
  };
}

/** Whether a directory could hold an included file: excluded directories are not walked. */
export function directoryFilter(exclude: readonly string[]): PathFilter {
  const matchers = exclude.map((glob) => picomatch(glob, { dot: true, matchBase: !glob.includes('/') }));
  return (relDir) => !matchers.some((m) => m(relDir));
}

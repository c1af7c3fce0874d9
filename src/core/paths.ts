import path from 'node:path';

/**
 * `file` relative to `base`, with forward slashes, when it lies under `base`; else `file` as
 * given. Findings name files relative to the scan root and messages relative to the working
 * directory: short names that stay the same from one machine to the next.
 */
export function relativeUnder(base: string, file: string): string {
  const rel = path.relative(base, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** `file` as messages name it: relative to the working directory when under it. */
export function displayPath(file: string): string {
  return relativeUnder(process.cwd(), file);
}

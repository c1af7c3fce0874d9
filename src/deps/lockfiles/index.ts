import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { LOCKFILE_PARSERS } from './registry.ts';
import { MAX_LOCKFILE_BYTES } from './text.ts';
import type { LockfileParser, ParseContext, ParseResult } from './types.ts';

export { normalizePypiName, purlFor } from './purl.ts';
export { LOCKFILE_PARSERS } from './registry.ts';
export { MAX_LOCKFILE_BYTES } from './text.ts';
export type * from './types.ts';

/** The parser for a path (decided by its basename), or undefined when it is not a known lockfile. */
export function findLockfileParser(path: string): LockfileParser | undefined {
  return LOCKFILE_PARSERS.find((p) => p.accepts(path));
}

/**
 * Parses a lockfile's text. Never throws: an unknown file name or bad content is reported in
 * `problems`. Pass `context.readFile` (e.g. `includeReader(scanRoot)`) for requirements `-r` includes.
 */
export function parseLockfile(path: string, text: string, context?: ParseContext): ParseResult {
  const parser = findLockfileParser(path);
  if (!parser) {
    return {
      packages: [],
      problems: [
        {
          severity: 'error',
          code: 'E_PARSE',
          kind: 'invalid-entry',
          file: path,
          message: `${path}: not a known lockfile name`,
        },
      ],
    };
  }
  return parser.parse(path, text, context);
}

/**
 * A `readFile` for `ParseContext` backed by the file system, confined to `root` (the scan root):
 * a hostile `-r ../../etc/passwd` must not pull files from outside the project into a report.
 * Paths are resolved against `root`; symlinks are followed before the check; files over the
 * size limit are refused.
 */
export function includeReader(root: string): (path: string) => string | undefined {
  let base: string;
  try {
    base = realpathSync(root);
  } catch {
    return () => undefined;
  }
  return (path) => {
    try {
      const real = realpathSync(resolve(base, path));
      const rel = relative(base, real);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
      if (statSync(real).size > MAX_LOCKFILE_BYTES) return undefined;
      return readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
  };
}

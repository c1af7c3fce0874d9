import { readFileSync, statSync } from 'node:fs';
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
 * `problems`. Pass `context.readFile` (e.g. `readFileForIncludes`) for requirements `-r` includes.
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

/** A `readFile` for `ParseContext` backed by the file system; refuses files over the size limit. */
export function readFileForIncludes(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_LOCKFILE_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Where the advisory database lives unless `--db` says otherwise: the user cache directory. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const ADVISORY_DB_FILE = 'advisories.db';

/** `$XDG_CACHE_HOME/rampart/advisories.db`, else `~/.cache/rampart/advisories.db`. */
export function defaultAdvisoryDbPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg?.startsWith('/')) return join(xdg, 'rampart', ADVISORY_DB_FILE);
  return join(env.HOME || homedir(), '.cache', 'rampart', ADVISORY_DB_FILE);
}

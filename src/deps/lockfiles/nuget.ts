import { defineParser } from './define.ts';
import { base64Hash } from './hashes.ts';
import { entries, get, parseJson, str } from './json.ts';
import { basename } from './text.ts';

/**
 * packages.lock.json (NuGet): one map per target framework; `Direct` → direct, `Transitive`
 * and `CentralTransitive` → transitive, `Project` references are this solution's own projects.
 * The same package in several frameworks is one package (direct if direct anywhere).
 */
export const nugetLock = defineParser({
  name: 'nuget',
  ecosystem: 'NuGet',
  foldCase: true,
  accepts: (path) => basename(path) === 'packages.lock.json',
  read(c, text) {
    const root = parseJson(c, text);
    if (!root) return;
    if (root.type !== 'Object') {
      c.problem('error', 'syntax', 'top level is not a JSON object');
      return;
    }
    for (const [, framework] of entries(get(root, 'dependencies'))) {
      for (const [name, entry, line] of entries(framework)) {
        const type = str(get(entry, 'type'));
        if (type === 'Project') continue;
        const version = str(get(entry, 'resolved'));
        if (!version) {
          c.problem('error', 'invalid-entry', 'no "resolved" version', { line, entry: name });
          continue;
        }
        // contentHash: SHA-512 of the .nupkg, base64 (NuGet's lock file format).
        const hash = base64Hash('sha512', str(get(entry, 'contentHash')) ?? '');
        c.add({
          name,
          version,
          line,
          direct: type === 'Direct',
          dev: undefined,
          ...(hash ? { hashes: [hash] } : {}),
        });
      }
    }
  },
});

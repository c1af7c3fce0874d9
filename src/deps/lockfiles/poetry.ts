import { defineParser } from './define.ts';
import { singlePythonArtifact } from './hashes.ts';
import { basename } from './text.ts';
import { arrayTableLines, parseToml, strings, tableArray, text } from './toml.ts';

/**
 * poetry.lock. Dev comes from `category = "dev"` (Poetry < 1.5) or from `groups` without
 * "main" (Poetry 2); Poetry 1.5–1.8 records neither, so dev is undefined there.
 */
export const poetryLock = defineParser({
  name: 'poetry',
  ecosystem: 'PyPI',
  foldCase: true,
  accepts: (path) => basename(path) === 'poetry.lock',
  read(c, source) {
    const doc = parseToml(c, source);
    if (!doc) return;
    const lines = arrayTableLines(source, 'package');
    tableArray(doc.package).forEach((p, i) => {
      const line = lines[i] ?? 1;
      const name = text(p.name);
      const version = text(p.version);
      if (!name || !version) {
        c.problem('error', 'invalid-entry', 'package without name or version', { line, entry: name });
        return;
      }
      const src = p.source as Record<string, unknown> | undefined;
      const srcType = text(src?.type);
      if (srcType && srcType !== 'legacy') {
        c.problem('notice', 'non-registry', `${srcType} source; not reported`, { line, entry: name });
        return;
      }
      const category = text(p.category);
      const groups = strings(p.groups);
      const dev =
        category !== undefined
          ? category !== 'main'
          : groups.length > 0
            ? !groups.includes('main')
            : undefined;
      const files = tableArray(p.files).map((f) => ({ hash: text(f.hash) }));
      c.add({ name, version, line, direct: undefined, dev, ...singlePythonArtifact(files) });
    });
  },
});

import { defineParser } from './define.ts';
import { singlePythonArtifact } from './hashes.ts';
import { entries, get, parseJson, str } from './json.ts';
import { basename } from './text.ts';

/** Pipfile.lock: `default` (production) and `develop` (dev); versions are written `==1.2.3`. */
export const pipfileLock = defineParser({
  name: 'pipfile',
  ecosystem: 'PyPI',
  foldCase: true,
  accepts: (path) => basename(path) === 'Pipfile.lock',
  read(c, text) {
    const root = parseJson(c, text);
    if (!root) return;
    if (root.type !== 'Object') {
      c.problem('error', 'syntax', 'top level is not a JSON object');
      return;
    }
    for (const [section, dev] of [
      ['default', false],
      ['develop', true],
    ] as const) {
      for (const [name, entry, line] of entries(get(root, section))) {
        const v = str(get(entry, 'version'));
        if (v === undefined) {
          c.problem('notice', 'non-registry', 'no "version" (path, git or editable); not reported', {
            line,
            entry: name,
          });
          continue;
        }
        if (!/^===?[^=<>!~*,\s]+$/.test(v)) {
          c.problem('notice', 'unpinned', `version "${v}" is not pinned; not reported`, {
            line,
            entry: name,
          });
          continue;
        }
        const hashes = get(entry, 'hashes');
        const files = hashes?.type === 'Array' ? hashes.elements.map((el) => ({ hash: str(el.value) })) : [];
        c.add({
          name,
          version: v.replace(/^===?/, ''),
          line,
          direct: undefined,
          dev,
          ...singlePythonArtifact(files),
        });
      }
    }
  },
});

import { defineParser } from './define.ts';
import { singlePythonArtifact } from './hashes.ts';
import { basename } from './text.ts';
import { arrayTableLines, parseToml, strings, tableArray, text } from './toml.ts';

/** pdm.lock: `groups` per package; a package outside the "default" group is dev. */
export const pdmLock = defineParser({
  name: 'pdm',
  ecosystem: 'PyPI',
  foldCase: true,
  accepts: (path) => basename(path) === 'pdm.lock',
  read(c, source) {
    const doc = parseToml(c, source);
    if (!doc) return;
    const lines = arrayTableLines(source, 'package');
    tableArray(doc.package).forEach((p, i) => {
      const line = lines[i] ?? 1;
      const name = text(p.name);
      const version = text(p.version);
      if (!name) {
        c.problem('error', 'invalid-entry', 'package without name', { line });
        return;
      }
      if (
        p.editable === true ||
        p.path !== undefined ||
        p.git !== undefined ||
        p.url !== undefined ||
        !version
      ) {
        c.problem('notice', 'non-registry', 'editable, path, git or URL package; not reported', {
          line,
          entry: name,
        });
        return;
      }
      const groups = strings(p.groups);
      c.add({
        name,
        version,
        line,
        direct: undefined,
        dev: groups.length > 0 ? !groups.includes('default') : undefined,
        ...singlePythonArtifact(tableArray(p.files).map((f) => ({ hash: text(f.hash), url: text(f.url) }))),
      });
    });
  },
});

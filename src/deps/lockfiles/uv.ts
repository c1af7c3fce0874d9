import { devByReachability } from './collector.ts';
import { defineParser } from './define.ts';
import { singlePythonArtifact } from './hashes.ts';
import { normalizePypiName } from './purl.ts';
import { basename } from './text.ts';
import { arrayTableLines, parseToml, type TomlTable, tableArray, text } from './toml.ts';

function depNames(value: unknown): string[] {
  return tableArray(value)
    .map((d) => text(d.name))
    .filter((n): n is string => n !== undefined)
    .map(normalizePypiName);
}

function groupDeps(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value as TomlTable).flatMap(depNames);
}

/**
 * uv.lock. The project itself (`source = { editable | virtual }`) is not reported; its
 * `dependencies` are the direct ones and `dev-dependencies` the direct dev ones; the rest
 * follows by reachability.
 */
export const uvLock = defineParser({
  name: 'uv',
  ecosystem: 'PyPI',
  foldCase: true,
  accepts: (path) => basename(path) === 'uv.lock',
  read(c, source) {
    const doc = parseToml(c, source);
    if (!doc) return;
    const lines = arrayTableLines(source, 'package');
    const pkgs = tableArray(doc.package);
    const prod: string[] = [];
    const dev: string[] = [];
    const kids = new Map<string, string[]>();
    for (const p of pkgs) {
      const name = normalizePypiName(text(p.name) ?? '');
      const src = (p.source ?? {}) as TomlTable;
      kids.set(name, [...depNames(p.dependencies), ...groupDeps(p['optional-dependencies'])]);
      if (src.editable !== undefined || src.virtual !== undefined) {
        prod.push(...depNames(p.dependencies), ...groupDeps(p['optional-dependencies']));
        dev.push(...groupDeps(p['dev-dependencies']));
      }
    }
    const reach = devByReachability(prod, dev, (k) => kids.get(k) ?? []);
    pkgs.forEach((p, i) => {
      const line = lines[i] ?? 1;
      const name = text(p.name);
      const version = text(p.version);
      const src = (p.source ?? {}) as TomlTable;
      if (!name) {
        c.problem('error', 'invalid-entry', 'package without name', { line });
        return;
      }
      if (src.editable !== undefined || src.virtual !== undefined) return; // the project itself
      if (src.registry === undefined || !version) {
        c.problem('notice', 'non-registry', 'path, git or URL source; not reported', { line, entry: name });
        return;
      }
      const n = normalizePypiName(name);
      const sdist = p.sdist === undefined ? [] : tableArray([p.sdist]);
      const files = [...sdist, ...tableArray(p.wheels)].map((f) => ({
        hash: text(f.hash),
        url: text(f.url),
      }));
      c.add({
        name,
        version,
        line,
        direct: prod.includes(n) || dev.includes(n),
        dev: reach.get(n),
        ...singlePythonArtifact(files),
      });
    });
  },
});

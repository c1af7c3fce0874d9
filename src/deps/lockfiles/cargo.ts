import { defineParser } from './define.ts';
import { hexHash } from './hashes.ts';
import { basename } from './text.ts';
import { arrayTableLines, parseToml, strings, tableArray, text } from './toml.ts';
import type { Package } from './types.ts';

/**
 * Cargo.lock v1–v4. Registry packages are reported; workspace crates (no `source`) are not,
 * but their dependencies are the direct ones; git sources are noted and skipped.
 */
export const cargoLock = defineParser({
  name: 'cargo',
  ecosystem: 'crates.io',
  accepts: (path) => basename(path) === 'Cargo.lock',
  read(c, source) {
    const doc = parseToml(c, source);
    if (!doc) return;
    const lines = arrayTableLines(source, 'package');
    const pkgs = tableArray(doc.package);
    // A dependency is `name`, `name version` or `name version (source)`.
    const depKey = (d: string): string => d.split(' ').slice(0, 2).join(' ');
    const direct = new Set<string>();
    const versionsOf = new Map<string, string[]>();
    for (const p of pkgs) {
      const n = text(p.name);
      const v = text(p.version);
      if (n && v) versionsOf.set(n, [...(versionsOf.get(n) ?? []), v]);
    }
    const resolve = (d: string): string => {
      const k = depKey(d);
      if (k.includes(' ')) return k;
      const vs = versionsOf.get(k) ?? [];
      return vs.length === 1 ? `${k} ${vs[0]}` : k;
    };
    for (const p of pkgs)
      if (p.source === undefined) for (const d of strings(p.dependencies)) direct.add(resolve(d));
    const byKey = new Map<string, Package>();
    pkgs.forEach((p, i) => {
      const line = lines[i] ?? 1;
      const name = text(p.name);
      const version = text(p.version);
      if (!name || !version) {
        c.problem('error', 'invalid-entry', 'package without name or version', { line, entry: name });
        return;
      }
      const src = text(p.source);
      if (src === undefined) return; // a crate of this workspace
      if (!src.startsWith('registry+') && !src.startsWith('sparse+')) {
        c.problem('notice', 'non-registry', `source ${src.split('#')[0]}; not reported`, {
          line,
          entry: name,
        });
        return;
      }
      // v1 lockfiles keep checksums in a [metadata] table instead; v2+ on the package.
      const checksum = hexHash('sha256', text(p.checksum) ?? '');
      byKey.set(
        `${name} ${version}`,
        c.add({
          name,
          version,
          line,
          direct: direct.has(`${name} ${version}`),
          dev: undefined,
          ...(checksum ? { hashes: [checksum] } : {}),
        }),
      );
    });
    for (const p of pkgs) {
      const from = byKey.get(`${text(p.name)} ${text(p.version)}`);
      if (!from) continue;
      for (const d of strings(p.dependencies)) {
        const to = byKey.get(resolve(d));
        if (to) c.edge(from.purl, to.purl);
      }
    }
  },
});

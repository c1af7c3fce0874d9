import { defineParser } from './define.ts';
import { prefixedHash } from './hashes.ts';
import { basename, splitLines } from './text.ts';
import type { Package } from './types.ts';

/** `nokogiri (1.15.0-x86_64-linux)` → name, version, platform. */
const SPEC = /^([^\s(]+) \(([^\s)-]+)(?:-([^\s)]+))?\)$/;

/**
 * Gemfile.lock (also gems.locked). GEM specs are reported; GIT and PATH sources are noted and
 * skipped; DEPENDENCIES names the direct gems. Platform builds of one version are one package.
 */
export const gemfileLock = defineParser({
  name: 'gemfile',
  ecosystem: 'RubyGems',
  accepts: (path) => {
    const b = basename(path);
    return b === 'Gemfile.lock' || b === 'gems.locked';
  },
  read(c, text) {
    const lines = splitLines(text);
    const direct = new Set<string>();
    // Bundler 2.6+ `CHECKSUMS`: `  rake (13.0.6) sha256=<hex>`, keyed by the spec as GEM lists it.
    const checksums = new Map<string, string>();
    let section = '';
    for (const l of lines) {
      if (/^[A-Z]/.test(l)) section = l.trim();
      else if (section === 'CHECKSUMS' && /^ {2}\S/.test(l)) {
        const m = /^ {2}(\S+ \([^)]+\)) (\S+)/.exec(l);
        if (m) checksums.set(m[1] ?? '', m[2] ?? '');
      } else if (section === 'DEPENDENCIES' && /^ {2}\S/.test(l))
        direct.add(l.trim().split(/[\s!]/)[0] ?? '');
      // A PATH gem is the project's own gemspec: what it requires is declared by the project.
      else if (section === 'PATH' && /^ {6}\S/.test(l)) direct.add(l.trim().split(' ')[0] ?? '');
    }
    section = '';
    let inSpecs = false;
    let current: Package | undefined;
    const deps: [Package, string][] = [];
    const byName = new Map<string, Package>();
    lines.forEach((l, i) => {
      const line = i + 1;
      if (l.trim() === '') return;
      if (/^[A-Z]/.test(l)) {
        section = l.trim();
        inSpecs = false;
        return;
      }
      if (/^ {2}specs:$/.test(l)) {
        inSpecs = true;
        return;
      }
      if (!inSpecs) return;
      if (/^ {4}\S/.test(l)) {
        current = undefined;
        const m = SPEC.exec(l.trim());
        if (!m) {
          c.problem('error', 'invalid-entry', `cannot read spec "${l.trim()}"`, { line });
          return;
        }
        const [, name = '', version = '', platform] = m;
        const checksum = prefixedHash(checksums.get(l.trim()) ?? '');
        if (section !== 'GEM') {
          c.problem('notice', 'non-registry', `${section} source; not reported`, { line, entry: name });
          return;
        }
        current = c.add({
          name,
          version,
          line,
          direct: direct.has(name),
          dev: undefined,
          ...(platform ? { qualifiers: { platform } } : {}),
          ...(checksum ? { hashes: [checksum] } : {}),
        });
        byName.set(name, current);
      } else if (/^ {6}\S/.test(l) && current) {
        deps.push([current, l.trim().split(' ')[0] ?? '']);
      }
    });
    for (const [from, name] of deps) {
      const to = byName.get(name);
      if (to) c.edge(from.purl, to.purl);
    }
  },
});

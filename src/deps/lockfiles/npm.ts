import type { ValueNode } from '@humanwhocodes/momoa';
import type { Collector } from './collector.ts';
import { defineParser } from './define.ts';
import { bool, entries, get, keys, parseJson, str } from './json.ts';
import { basename } from './text.ts';
import type { Package } from './types.ts';

const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** package-lock.json (v1, v2, v3) and npm-shrinkwrap.json. */
export const npmLock = defineParser({
  name: 'package-lock',
  ecosystem: 'npm',
  accepts: (path) => {
    const b = basename(path);
    return b === 'package-lock.json' || b === 'npm-shrinkwrap.json';
  },
  read(c, text) {
    const root = parseJson(c, text);
    if (!root) return;
    if (root.type !== 'Object') {
      c.problem('error', 'syntax', 'top level is not a JSON object');
      return;
    }
    const packages = get(root, 'packages');
    if (packages?.type === 'Object') readPackages(c, packages);
    else if (get(root, 'dependencies')?.type === 'Object') readV1(c, get(root, 'dependencies'), []);
  },
});

/** `npm:real-name@1.2.3` (alias) → [real-name, 1.2.3]. */
function splitAlias(spec: string): [string, string] | undefined {
  if (!spec.startsWith('npm:')) return undefined;
  const rest = spec.slice(4);
  const at = rest.indexOf('@', 1);
  return at < 0 ? undefined : [rest.slice(0, at), rest.slice(at + 1)];
}

/** Name installed at a `node_modules/...` path: the part after the last `node_modules/`. */
function installedName(key: string): string | undefined {
  const i = key.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  return key.slice(i + 'node_modules/'.length);
}

function isRegistryVersion(v: string): boolean {
  return /^\d/.test(v);
}

/** v2/v3: the flat `packages` map keyed by install path. */
function readPackages(c: Collector, packages: ValueNode): void {
  // Direct = top-level install of a name declared by the root or a workspace package.
  const declared = new Set<string>();
  const devOnly = new Set<string>();
  const prod = new Set<string>();
  const byPath = new Map<string, Package>();
  const deps = new Map<string, string[]>();
  for (const [key, entry] of entries(packages)) {
    if (key !== '' && key.includes('node_modules/')) continue;
    for (const f of DEP_FIELDS) {
      for (const n of keys(get(entry, f))) {
        declared.add(n);
        if (f === 'devDependencies') devOnly.add(n);
        else prod.add(n);
      }
    }
  }
  for (const [key, entry, line] of entries(packages)) {
    if (key === '') continue;
    const installed = installedName(key);
    if (installed === undefined) continue; // a workspace folder: the project itself, not a dependency
    if (entry.type !== 'Object') {
      c.problem('error', 'invalid-entry', 'entry is not an object', { line, entry: key });
      continue;
    }
    if (bool(get(entry, 'link')) === true) continue; // symlink to a workspace package
    let name = str(get(entry, 'name')) ?? installed;
    let version = str(get(entry, 'version'));
    if (version === undefined) {
      c.problem('error', 'invalid-entry', 'no "version"', { line, entry: key });
      continue;
    }
    const alias = splitAlias(version);
    if (alias) [name, version] = alias;
    if (!isRegistryVersion(version)) {
      c.problem('notice', 'non-registry', `version "${version}" is not from the registry; not reported`, {
        line,
        entry: key,
      });
      continue;
    }
    const topLevel = key === `node_modules/${installed}`;
    const pkg = c.add({
      name,
      version,
      line,
      direct: topLevel && declared.has(installed),
      dev: bool(get(entry, 'dev')) === true,
      ...(bool(get(entry, 'optional')) === true ? { optional: true } : {}),
      ...(bool(get(entry, 'peer')) === true ? { peer: true } : {}),
    });
    byPath.set(key, pkg);
    const wanted: string[] = [];
    for (const f of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
      wanted.push(...keys(get(entry, f)));
    }
    deps.set(key, wanted);
  }
  // Edges follow Node's resolution: nearest node_modules up the install path.
  for (const [key, wanted] of deps) {
    const from = byPath.get(key);
    if (!from) continue;
    for (const dep of wanted) {
      let base = key;
      for (;;) {
        const target = byPath.get(`${base}/node_modules/${dep}`);
        if (target) {
          c.edge(from.purl, target.purl);
          break;
        }
        const i = base.lastIndexOf('/node_modules/');
        if (i < 0) {
          const top = byPath.get(`node_modules/${dep}`);
          if (top) c.edge(from.purl, top.purl);
          break;
        }
        base = base.slice(0, i);
      }
    }
  }
}

/** v1: the nested `dependencies` tree. The format does not say which are direct. */
function readV1(c: Collector, deps: ValueNode | undefined, path: string[]): void {
  if (path.length > 64) return;
  for (const [key, entry, line] of entries(deps)) {
    let version = str(get(entry, 'version'));
    if (version === undefined) {
      c.problem('error', 'invalid-entry', 'no "version"', { line, entry: [...path, key].join(' > ') });
      continue;
    }
    let name = key;
    const alias = splitAlias(version);
    if (alias) [name, version] = alias;
    if (!isRegistryVersion(version)) {
      if (!version.startsWith('file:')) {
        c.problem('notice', 'non-registry', `version "${version}" is not from the registry; not reported`, {
          line,
          entry: key,
        });
      }
    } else {
      c.add({
        name,
        version,
        line,
        direct: undefined,
        dev: bool(get(entry, 'dev')) === true,
        ...(bool(get(entry, 'optional')) === true ? { optional: true } : {}),
      });
    }
    readV1(c, get(entry, 'dependencies'), [...path, key]);
  }
}

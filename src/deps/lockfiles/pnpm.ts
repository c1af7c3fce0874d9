import { type ArtifactInput, type Collector, devByReachability } from './collector.ts';
import { defineParser } from './define.ts';
import { downloadUrl, integrityHashes } from './hashes.ts';
import { treeChild as child, readIndentTree, type TreeNode, treeEntries, yamlTree } from './indent-tree.ts';
import { basename } from './text.ts';

/** pnpm-lock.yaml, lockfile versions 5.x (pnpm 7), 6.0 (pnpm 8) and 9.0 (pnpm 9/10). */
export const pnpmLock = defineParser({
  name: 'pnpm',
  ecosystem: 'npm',
  accepts: (path) => basename(path) === 'pnpm-lock.yaml',
  read(c, text) {
    // pnpm writes a small YAML subset; read it directly, and use a full YAML parser otherwise.
    const root = readIndentTree(text) ?? yamlTree(c, text);
    if (!root) return;
    const version = child(root, 'lockfileVersion')?.value;
    const major = version === undefined ? Number.NaN : Number.parseInt(version, 10);
    if (!(major >= 5)) {
      c.problem('error', 'invalid-entry', `unsupported lockfileVersion ${version ?? '(missing)'}`, {
        line: child(root, 'lockfileVersion')?.line ?? 1,
      });
      return;
    }
    readPnpm(c, root, major);
  },
});

/** Package key → `name@version` without peer suffixes; undefined for non-registry keys. */
function keyToId(key: string, major: number): [string, string] | undefined {
  // Before v9 every registry key starts with `/`; `github.com/…` or `file:…` keys are not registry packages.
  if (major < 9 && !key.startsWith('/')) return undefined;
  const k = key.startsWith('/') ? key.slice(1) : key;
  let name: string;
  let version: string;
  if (major < 6) {
    const slash = k.lastIndexOf('/');
    if (slash <= 0) return undefined;
    name = k.slice(0, slash);
    version = k.slice(slash + 1);
    const us = version.indexOf('_');
    if (us >= 0) version = version.slice(0, us);
  } else {
    const paren = k.indexOf('(');
    const bare = paren < 0 ? k : k.slice(0, paren);
    const at = bare.indexOf('@', 1);
    if (at < 0) return undefined;
    name = bare.slice(0, at);
    version = bare.slice(at + 1);
  }
  return /^\d/.test(version) && name !== '' ? [name, version] : undefined;
}

/** A dependency reference (`18.2.0`, `18.2.0(react@18.2.0)`, `/alias/1.0.0`, `alias@1.0.0`, `link:…`). */
function refToId(dep: string, ref: string, major: number): string | undefined {
  if (ref.startsWith('link:') || ref.startsWith('file:')) return undefined;
  if (ref.startsWith('/') || (!/^\d/.test(ref) && ref.indexOf('@', 1) > 0)) {
    // `/…` refs use the file's own key syntax; bare `name@version` refs only exist in v9.
    const id = keyToId(ref, ref.startsWith('/') ? major : 9);
    return id ? `${id[0]}@${id[1]}` : undefined;
  }
  const cut = ref.search(/[(_]/);
  const version = cut < 0 ? ref : ref.slice(0, cut);
  return /^\d/.test(version) ? `${dep}@${version}` : undefined;
}

function readPnpm(c: Collector, root: TreeNode, major: number): void {
  const importersNode = child(root, 'importers');
  const importers = importersNode ? [...treeEntries(importersNode)].map(([, v]) => v) : [root];
  const prodRoots = new Set<string>();
  const devRoots = new Set<string>();
  for (const imp of importers) {
    for (const [field, isDev] of [
      ['dependencies', false],
      ['optionalDependencies', false],
      ['devDependencies', true],
    ] as const) {
      for (const [dep, v] of treeEntries(child(imp, field))) {
        const ref = v.value ?? child(v, 'version')?.value;
        const id = ref === undefined ? undefined : refToId(dep, ref, major);
        if (id) (isDev ? devRoots : prodRoots).add(id);
      }
    }
  }
  // Dependencies of each package, from `snapshots` (v9) or the package entries (v5–v8).
  const graphNode = major >= 9 ? child(root, 'snapshots') : child(root, 'packages');
  const children = new Map<string, Set<string>>();
  for (const [key, entry] of treeEntries(graphNode)) {
    const id = keyToId(key, major);
    if (!id) continue;
    const from = `${id[0]}@${id[1]}`;
    const set = children.get(from) ?? new Set<string>();
    children.set(from, set);
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const [dep, v] of treeEntries(child(entry, field))) {
        const ref = v.value;
        const to = ref === undefined ? undefined : refToId(dep, ref, major);
        if (to) set.add(to);
      }
    }
  }
  const reach = devByReachability(prodRoots, devRoots, (k) => children.get(k) ?? []);
  const purls = new Map<string, string>();
  for (const [key, entry] of treeEntries(child(root, 'packages'))) {
    const line = entry.line;
    const id = keyToId(key, major);
    if (!id) {
      c.problem('notice', 'non-registry', 'not a registry package; not reported', { line, entry: key });
      continue;
    }
    const [name, version] = id;
    const k = `${name}@${version}`;
    const devFlag = child(entry, 'dev')?.value;
    const dev = major >= 9 || devFlag === undefined ? reach.get(k) : devFlag === 'true';
    const optional = child(entry, 'optional')?.value === 'true';
    const pkg = c.add({
      name,
      version,
      line,
      direct: prodRoots.has(k) || devRoots.has(k),
      dev,
      ...(optional ? { optional: true } : {}),
      ...resolutionFacts(child(entry, 'resolution')),
    });
    purls.set(k, pkg.purl);
  }
  for (const [from, tos] of children) {
    const f = purls.get(from);
    if (!f) continue;
    for (const to of tos) {
      const t = purls.get(to);
      if (t) c.edge(f, t);
    }
  }
}

/**
 * `resolution: {integrity: sha512-…}` or `{tarball: https://…}`: the fast reader keeps flow
 * mappings as raw text, the YAML fallback as children.
 */
function resolutionFacts(node: TreeNode | undefined): ArtifactInput {
  if (!node) return {};
  const field = (key: string): string | undefined =>
    child(node, key)?.value ??
    (node.value?.startsWith('{')
      ? new RegExp(`[{,]\\s*${key}:\\s*([^,}\\s]+)`).exec(node.value)?.[1]
      : undefined);
  const integrity = field('integrity');
  const url = downloadUrl(field('tarball'));
  return {
    ...(integrity ? { hashes: integrityHashes(integrity) } : {}),
    ...(url ? { downloadUrl: url } : {}),
  };
}

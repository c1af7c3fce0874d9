import type { ValueNode } from '@humanwhocodes/momoa';
import { type ArtifactInput, type Collector, devByReachability } from './collector.ts';
import { defineParser } from './define.ts';
import { downloadUrl, integrityHashes } from './hashes.ts';
import { entries, get, keys, parseJson, str } from './json.ts';
import { basename } from './text.ts';

/**
 * bun.lock (the text format, JSONC with trailing commas). `packages` maps an install key
 * (`react`, `parent/child` for nested copies) to a tuple whose first element is `name@version`.
 */
export const bunLock = defineParser({
  name: 'bun',
  ecosystem: 'npm',
  accepts: (path) => basename(path) === 'bun.lock',
  read(c, text) {
    const root = parseJson(c, text, true);
    if (!root) return;
    if (root.type !== 'Object') {
      c.problem('error', 'syntax', 'top level is not a JSON object');
      return;
    }
    readBun(c, root);
  },
});

function readBun(c: Collector, root: Parameters<typeof get>[0]): void {
  const prod = new Set<string>();
  const dev = new Set<string>();
  for (const [, ws] of entries(get(root, 'workspaces'))) {
    for (const n of keys(get(ws, 'dependencies'))) prod.add(n);
    for (const n of keys(get(ws, 'optionalDependencies'))) prod.add(n);
    for (const n of keys(get(ws, 'peerDependencies'))) prod.add(n);
    for (const n of keys(get(ws, 'devDependencies'))) dev.add(n);
  }
  const packages = get(root, 'packages');
  const installKeys = new Set(keys(packages));
  // Node-style resolution: `parent/dep` when nested there, else the hoisted `dep`.
  const resolve = (from: string, dep: string): string | undefined => {
    let base = from;
    for (;;) {
      if (installKeys.has(`${base}/${dep}`)) return `${base}/${dep}`;
      const parts = base.split('/');
      // keep scoped names whole when walking up
      const cut = parts.length >= 2 && parts[parts.length - 2]?.startsWith('@') ? 2 : 1;
      if (parts.length <= cut) break;
      base = parts.slice(0, -cut).join('/');
    }
    return installKeys.has(dep) ? dep : undefined;
  };
  const childMap = new Map<string, string[]>();
  for (const [key, tuple] of entries(packages)) {
    const meta = tuple.type === 'Array' ? tuple.elements[2]?.value : undefined;
    const kids: string[] = [];
    for (const f of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const d of keys(get(meta, f))) {
        const r = resolve(key, d);
        if (r) kids.push(r);
      }
    }
    childMap.set(key, kids);
  }
  const topProd = [...prod].filter((n) => installKeys.has(n));
  const topDev = [...dev].filter((n) => installKeys.has(n) && !prod.has(n));
  const reach = devByReachability(topProd, topDev, (k) => childMap.get(k) ?? []);
  const purlByKey = new Map<string, string>();
  for (const [key, tuple, line] of entries(packages)) {
    const ident = tuple.type === 'Array' ? str(tuple.elements[0]?.value) : undefined;
    if (ident === undefined) {
      c.problem('error', 'invalid-entry', 'expected a ["name@version", …] tuple', { line, entry: key });
      continue;
    }
    const at = ident.indexOf('@', 1);
    const name = at < 0 ? ident : ident.slice(0, at);
    const version = at < 0 ? '' : ident.slice(at + 1);
    if (version.startsWith('workspace:')) continue;
    if (!/^\d/.test(version)) {
      c.problem('notice', 'non-registry', `"${ident}" is not a registry package; not reported`, {
        line,
        entry: key,
      });
      continue;
    }
    const pkg = c.add({
      name,
      version,
      line,
      direct: installKeys.has(key) && (prod.has(key) || dev.has(key)),
      dev: reach.get(key),
      ...tupleFacts(tuple),
    });
    purlByKey.set(key, pkg.purl);
  }
  for (const [key, kids] of childMap) {
    const f = purlByKey.get(key);
    if (!f) continue;
    for (const k of kids) {
      const t = purlByKey.get(k);
      if (t) c.edge(f, t);
    }
  }
}

/** `["name@1.0.0", "<registry URL or ''>", {…}, "sha512-…"]`: the integrity is the 4th element. */
function tupleFacts(tuple: ValueNode): ArtifactInput {
  if (tuple.type !== 'Array') return {};
  const integrity = str(tuple.elements[3]?.value);
  const url = downloadUrl(str(tuple.elements[1]?.value));
  return {
    ...(integrity ? { hashes: integrityHashes(integrity) } : {}),
    ...(url ? { downloadUrl: url } : {}),
  };
}

import type { ArtifactInput, Collector } from './collector.ts';
import { defineParser } from './define.ts';
import { downloadUrl, integrityHashes } from './hashes.ts';
import { type JsonRecord, parsePlainJson, record, text } from './json.ts';
import { keyLines } from './json-lines.ts';
import { basename } from './text.ts';
import type { Package } from './types.ts';

const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
const SEP = '\u0000';

/** package-lock.json (v1, v2, v3) and npm-shrinkwrap.json. */
export const npmLock = defineParser({
  name: 'package-lock',
  ecosystem: 'npm',
  accepts: (path) => {
    const b = basename(path);
    return b === 'package-lock.json' || b === 'npm-shrinkwrap.json';
  },
  read(c, source) {
    const value = parsePlainJson(c, source);
    if (value === undefined) return;
    const root = record(value);
    if (!root) {
      c.problem('error', 'syntax', 'top level is not a JSON object');
      return;
    }
    const packages = record(root.packages);
    if (packages) {
      const lines = keyLines(source, (p) => p.length === 1 && p[0] === 'packages');
      readPackages(c, packages, (key) => lines.get(`packages${SEP}${key}`) ?? 1);
      return;
    }
    const deps = record(root.dependencies);
    if (deps) {
      // v1 nests `dependencies` objects: record keys at dependencies/*/dependencies/*…
      const lines = keyLines(
        source,
        (p) => p.length % 2 === 1 && p.every((k, i) => i % 2 === 1 || k === 'dependencies'),
      );
      readV1(c, deps, ['dependencies'], (path) => lines.get(path.join(SEP)) ?? 1);
    }
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

function depNames(entry: JsonRecord, fields: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const deps = record(entry[f]);
    if (deps) out.push(...Object.keys(deps));
  }
  return out;
}

/** `integrity`, `resolved` and (v2/v3, npm 7+) `license` of an entry, where present. */
function artifact(e: JsonRecord): ArtifactInput {
  const integrity = text(e.integrity);
  const url = downloadUrl(text(e.resolved));
  const license = text(e.license);
  return {
    ...(integrity ? { hashes: integrityHashes(integrity) } : {}),
    ...(url ? { downloadUrl: url } : {}),
    ...(license ? { license } : {}),
  };
}

/** v2/v3: the flat `packages` map keyed by install path. */
function readPackages(c: Collector, packages: JsonRecord, lineOf: (key: string) => number): void {
  // Direct = what the root or a workspace declares, at the install path Node resolves it to:
  // the workspace's own node_modules when present there, else the root's.
  const declaredBy = new Map<string, Set<string>>();
  for (const [key, entry] of Object.entries(packages)) {
    const e = record(entry);
    if (e && (key === '' || installedName(key) === undefined))
      declaredBy.set(key, new Set(depNames(e, DEP_FIELDS)));
  }
  const directPaths = new Set<string>();
  for (const [folder, names] of declaredBy) {
    for (const n of names) {
      const own = folder === '' ? `node_modules/${n}` : `${folder}/node_modules/${n}`;
      directPaths.add(own in packages ? own : `node_modules/${n}`);
    }
  }
  const byPath = new Map<string, Package>();
  const deps = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(packages)) {
    if (key === '') continue;
    const installed = installedName(key);
    if (installed === undefined) continue; // a workspace folder: the project itself, not a dependency
    const line = lineOf(key);
    const e = record(entry);
    if (!e) {
      c.problem('error', 'invalid-entry', 'entry is not an object', { line, entry: key });
      continue;
    }
    if (e.link === true) continue; // symlink to a workspace package
    let name = text(e.name) ?? installed;
    let version = text(e.version);
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
    const pkg = c.add({
      name,
      version,
      line,
      direct: directPaths.has(key),
      dev: e.dev === true,
      ...(e.optional === true ? { optional: true } : {}),
      ...(e.peer === true ? { peer: true } : {}),
      ...artifact(e),
    });
    byPath.set(key, pkg);
    deps.set(key, depNames(e, ['dependencies', 'optionalDependencies', 'peerDependencies']));
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
function readV1(c: Collector, deps: JsonRecord, path: string[], lineOf: (path: string[]) => number): void {
  if (path.length > 64) return;
  for (const [key, entry] of Object.entries(deps)) {
    const here = [...path, key];
    const line = lineOf(here);
    const e = record(entry);
    let version = text(e?.version);
    if (!e || version === undefined) {
      c.problem('error', 'invalid-entry', 'no "version"', {
        line,
        entry: here.filter((_, i) => i % 2 === 1).join(' > '),
      });
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
        dev: e.dev === true,
        ...(e.optional === true ? { optional: true } : {}),
        ...artifact(e),
      });
    }
    const nested = record(e.dependencies);
    if (nested) readV1(c, nested, [...here, 'dependencies'], lineOf);
  }
}

import type { ArtifactInput, Collector } from './collector.ts';
import { defineParser } from './define.ts';
import { downloadUrl, hexHash, integrityHashes, yarnChecksum } from './hashes.ts';
import { basename } from './text.ts';
import type { Package } from './types.ts';
import { readYarnSyntax, splitSpecifier, type YarnEntry } from './yarn-syntax.ts';

const DEP_SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies'];

/** Berry files start with a `__metadata:` entry; classic files never have one. */
function isBerry(text: string): boolean {
  return /^__metadata:/m.test(text.slice(0, 4096));
}

/** yarn.lock, both classic (v1) and berry (v2+); the dialect is decided from the text. */
export const yarnLock = defineParser({
  name: 'yarn',
  ecosystem: 'npm',
  accepts: (path) => basename(path) === 'yarn.lock',
  read(c, text) {
    const file = readYarnSyntax(text);
    for (const b of file.bad) c.problem('error', 'syntax', b.reason, { line: b.line });
    if (isBerry(text)) readBerry(c, file.entries);
    else readClassic(c, file.entries);
  },
});

/** Classic: the real name comes from the specifier, or from an `npm:` alias inside it. */
function readClassic(c: Collector, entries: YarnEntry[]): void {
  const bySpec = new Map<string, Package>();
  const resolved: [Package, YarnEntry][] = [];
  for (const e of entries) {
    const version = e.fields.get('version');
    const first = e.specifiers[0] ?? '';
    let [name, range] = splitSpecifier(first);
    if (range.startsWith('npm:')) [name] = splitSpecifier(range.slice(4));
    if (/^(file|link|portal|workspace):/.test(range)) continue; // local folders are the project
    if (version === undefined) {
      c.problem('error', 'invalid-entry', 'no "version" field', { line: e.line, entry: first });
      continue;
    }
    // git/GitHub/tarball URLs carry a package.json version that no registry published.
    const remote = /^(github:|gitlab:|bitbucket:|git\+|git:|https?:)|^[\w.-]+\/[\w.-]+(#|$)/.test(range);
    if (remote || !/^\d/.test(version)) {
      c.problem('notice', 'non-registry', `version "${version}" is not from the registry; not reported`, {
        line: e.line,
        entry: first,
      });
      continue;
    }
    const pkg = c.add({
      name,
      version,
      line: e.line,
      direct: undefined,
      dev: undefined,
      ...classicFacts(e.fields.get('integrity'), e.fields.get('resolved')),
    });
    for (const s of e.specifiers) bySpec.set(s, pkg);
    resolved.push([pkg, e]);
  }
  for (const [pkg, e] of resolved) {
    for (const sec of DEP_SECTIONS) {
      for (const [dep, range] of e.sections.get(sec) ?? []) {
        const target = bySpec.get(`${dep}@${range}`);
        if (target) c.edge(pkg.purl, target.purl);
      }
    }
  }
}

/**
 * `resolution` tells the real package: `name@npm:1.2.3`, or `name@patch:name@npm%3A1.2.3#…`
 * (a patched registry package). Returns [name, protocol, rest].
 */
function parseResolution(res: string): [string, string, string] | undefined {
  const [name, rest] = splitSpecifier(res);
  const colon = rest.indexOf(':');
  if (!name || colon < 0) return undefined;
  return [name, rest.slice(0, colon), rest.slice(colon + 1)];
}

function registryOf(res: string, depth = 0): [string, string] | undefined {
  const r = parseResolution(res);
  if (!r || depth > 4) return undefined;
  const [name, protocol, rest] = r;
  if (protocol === 'npm') return /^\d/.test(rest) ? [name, rest] : undefined;
  if (protocol === 'patch') {
    const inner = rest.slice(0, rest.indexOf('#') < 0 ? undefined : rest.indexOf('#'));
    let decoded: string;
    try {
      decoded = decodeURIComponent(inner);
    } catch {
      return undefined; // malformed %-escape: not a registry package we can name
    }
    return registryOf(decoded, depth + 1);
  }
  return undefined;
}

/** Berry: workspace entries name the direct dependencies (ranges as written in package.json). */
function readBerry(c: Collector, entries: YarnEntry[]): void {
  const bySpec = new Map<string, Package>();
  const directSpecs = new Set<string>();
  const resolved: [Package, YarnEntry][] = [];
  for (const e of entries) {
    const resolution = e.fields.get('resolution');
    if (resolution?.includes('@workspace:')) {
      for (const sec of DEP_SECTIONS) {
        for (const [dep, range] of e.sections.get(sec) ?? []) {
          directSpecs.add(`${dep}@${range.includes(':') ? range : `npm:${range}`}`);
        }
      }
    }
  }
  for (const e of entries) {
    const first = e.specifiers[0] ?? '';
    if (first === '__metadata') continue;
    const resolution = e.fields.get('resolution');
    if (resolution === undefined) {
      c.problem('error', 'invalid-entry', 'no "resolution" field', { line: e.line, entry: first });
      continue;
    }
    if (resolution.includes('@workspace:')) continue;
    const reg = registryOf(resolution);
    if (!reg) {
      c.problem('notice', 'non-registry', `"${resolution}" is not a registry package; not reported`, {
        line: e.line,
        entry: first,
      });
      continue;
    }
    const [name, version] = reg;
    const direct = e.specifiers.some((s) => directSpecs.has(s));
    const pkg = c.add({ name, version, line: e.line, direct, dev: undefined, ...berryFacts(c, e, first) });
    for (const s of e.specifiers) bySpec.set(s, pkg);
    resolved.push([pkg, e]);
  }
  for (const [pkg, e] of resolved) {
    for (const sec of DEP_SECTIONS) {
      for (const [dep, range] of e.sections.get(sec) ?? []) {
        const target = bySpec.get(`${dep}@${range.includes(':') ? range : `npm:${range}`}`);
        if (target) c.edge(pkg.purl, target.purl);
      }
    }
  }
}

/**
 * Berry's `checksum` digests the zip Yarn writes into its own cache (built from the tarball, so
 * its bytes are Yarn's, not the registry's): a manager digest, never a `hashes` entry. A
 * malformed one is reported and not recorded.
 */
function berryFacts(c: Collector, e: YarnEntry, entry: string): ArtifactInput {
  const checksum = e.fields.get('checksum');
  if (checksum === undefined) return {};
  const digest = yarnChecksum(checksum);
  if ('reason' in digest) {
    c.problem('error', 'invalid-digest', `${digest.reason}; not recorded`, { line: e.line, entry });
    return {};
  }
  return { managerDigests: [digest] };
}

/**
 * Classic `integrity` (SRI) and `resolved` URL, whose `#fragment` is the tarball's SHA-1 (older
 * lockfiles have no `integrity` at all).
 */
function classicFacts(integrity: string | undefined, resolved: string | undefined): ArtifactInput {
  const hash = resolved?.includes('#')
    ? hexHash('sha1', resolved.slice(resolved.lastIndexOf('#') + 1))
    : undefined;
  const hashes = integrity ? integrityHashes(integrity) : [];
  if (hash && !hashes.some((h) => h.algorithm === 'SHA-1')) hashes.push(hash);
  const url = downloadUrl(resolved?.split('#')[0]);
  return { ...(hashes.length > 0 ? { hashes } : {}), ...(url ? { downloadUrl: url } : {}) };
}

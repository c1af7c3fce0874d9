import type { ArtifactInput, Collector } from './collector.ts';
import { defineParser } from './define.ts';
import { goH1 } from './hashes.ts';
import { basename, dirname, splitLines } from './text.ts';

interface Directive {
  readonly verb: string;
  readonly args: string[];
  readonly comment: string;
  readonly line: number;
}

/** Splits go.mod into directives, expanding `verb ( … )` blocks; quoted paths are unquoted. */
function directives(c: Collector, text: string): Directive[] {
  const out: Directive[] = [];
  let block: string | undefined;
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const cut = raw.indexOf('//');
    const comment = cut < 0 ? '' : raw.slice(cut + 2).trim();
    const code = (cut < 0 ? raw : raw.slice(0, cut)).trim();
    if (code === '') return;
    const words =
      code.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g)?.map((w) => w.replace(/^["`]|["`]$/g, '')) ?? [];
    if (block !== undefined) {
      if (code === ')') block = undefined;
      else out.push({ verb: block, args: words, comment, line });
      return;
    }
    const [verb, ...args] = words;
    if (!verb) return;
    if (args.length === 1 && args[0] === '(') block = verb;
    else if (args[0] === '(') c.problem('error', 'syntax', 'unexpected text after "("', { line });
    else out.push({ verb, args, comment, line });
  });
  if (block !== undefined) c.problem('error', 'syntax', `"${block} (" block is not closed`);
  return out;
}

/** What the go.sum beside go.mod says about one `module version`. */
interface SumEntry {
  /** The module's own `h1:` line (not its `/go.mod` line), as written, with its line number. */
  readonly h1?: { readonly value: string; readonly line: number };
}

/**
 * The go.sum beside go.mod, keyed `module version` (both `h1:` lines and `/go.mod` lines make an
 * entry; only the former's hash is the module's), with its path; undefined when there is no
 * reader or no go.sum.
 */
function readGoSum(
  file: string,
  readFile: ((path: string) => string | undefined) | undefined,
): { readonly path: string; readonly entries: Map<string, SumEntry> } | undefined {
  const dir = dirname(file).replaceAll('\\', '/');
  const path = dir === '' ? 'go.sum' : `${dir}/go.sum`;
  const text = readFile?.(path);
  if (text === undefined) return undefined;
  const entries = new Map<string, SumEntry>();
  splitLines(text).forEach((l, i) => {
    const [mod, ver, hash] = l.trim().split(/\s+/);
    if (!mod || !ver) return;
    const isGoMod = ver.endsWith('/go.mod');
    const key = `${mod} ${isGoMod ? ver.slice(0, -'/go.mod'.length) : ver}`;
    const seen = entries.get(key) ?? {};
    entries.set(
      key,
      !isGoMod && hash !== undefined && !seen.h1 ? { h1: { value: hash, line: i + 1 } } : seen,
    );
  });
  return { path, entries };
}

/**
 * go.mod: `require` entries (`// indirect` → transitive), with `replace` applied (a local-path
 * replacement drops the module) and `exclude`d versions dropped. With a `readFile`, modules missing from go.sum are noted.
 */
export const goMod = defineParser({
  name: 'go.mod',
  ecosystem: 'Go',
  accepts: (path) => basename(path) === 'go.mod',
  read(c, text, context) {
    const ds = directives(c, text);
    const sum = readGoSum(c.file, context.readFile);
    const replaces = new Map<string, [string, string | undefined]>();
    const excluded = new Set<string>();
    for (const d of ds) {
      if (d.verb === 'replace') {
        const arrow = d.args.indexOf('=>');
        const from = d.args.slice(0, arrow);
        const to = d.args.slice(arrow + 1);
        if (arrow < 1 || from.length > 2 || to.length < 1 || to.length > 2) {
          c.problem('error', 'invalid-entry', 'malformed replace directive', { line: d.line });
          continue;
        }
        replaces.set(from.join('@'), [to[0] ?? '', to[1]]);
      } else if (d.verb === 'exclude' && d.args.length === 2) excluded.add(d.args.join('@'));
    }
    for (const d of ds) {
      if (d.verb !== 'require') continue;
      const [path, version] = d.args;
      if (!path || !version || d.args.length !== 2 || !version.startsWith('v')) {
        c.problem('error', 'invalid-entry', 'expected "require MODULE vVERSION"', { line: d.line });
        continue;
      }
      if (excluded.has(`${path}@${version}`)) {
        c.problem('notice', 'unresolved', `${path}@${version} is excluded; not reported`, { line: d.line });
        continue;
      }
      const rep = replaces.get(`${path}@${version}`) ?? replaces.get(path);
      let name = path;
      let v = version;
      if (rep) {
        const [to, toVersion] = rep;
        if (toVersion === undefined) {
          c.problem('notice', 'non-registry', `replaced by local path ${to}; not reported`, {
            line: d.line,
            entry: path,
          });
          continue;
        }
        name = to;
        v = toVersion;
      }
      const direct = !/(^|;)\s*indirect\s*(;|$)/.test(d.comment);
      const entry = sum?.entries.get(`${name} ${v}`);
      c.add({
        name,
        version: v,
        line: d.line,
        direct,
        dev: undefined,
        ...h1Facts(c, sum?.path, name, v, entry),
      });
      if (sum && !entry) {
        c.problem('notice', 'unresolved', `${name}@${v} has no go.sum line (run go mod tidy)`, {
          line: d.line,
        });
      }
    }
  },
});

/**
 * The module's go.sum `h1:` as a manager digest: it hashes the module's file tree, not the zip
 * the proxy serves, so it is never a `hashes` entry. A malformed one is reported at its go.sum
 * line (the go command refuses such a file) and not recorded.
 */
function h1Facts(
  c: Collector,
  sumPath: string | undefined,
  name: string,
  version: string,
  entry: SumEntry | undefined,
): ArtifactInput {
  if (!entry?.h1 || sumPath === undefined) return {};
  const digest = goH1(entry.h1.value);
  if ('reason' in digest) {
    c.problem('error', 'invalid-digest', `${digest.reason}; not recorded`, {
      file: sumPath,
      line: entry.h1.line,
      entry: `${name}@${version}`,
    });
    return {};
  }
  return { managerDigests: [digest] };
}

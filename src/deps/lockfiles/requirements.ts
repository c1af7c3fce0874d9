import type { Collector } from './collector.ts';
import { defineParser } from './define.ts';
import { pipHash } from './hashes.ts';
import { basename, dirname, splitLines, tooLarge } from './text.ts';
import type { PackageHash, ParseContext } from './types.ts';

/** `-r` nesting deeper than this is refused (includes are also cycle-checked). */
export const MAX_INCLUDE_DEPTH = 8;

/** requirements.txt, requirements-dev.txt, requirements/base.txt, dev-requirements.txt… */
function accepts(path: string): boolean {
  const b = basename(path).toLowerCase();
  if (!b.endsWith('.txt')) return false;
  return b.includes('requirements') || /(^|[\\/])requirements[\\/][^\\/]+\.txt$/i.test(path);
}

/**
 * Only `==`/`===` pins are versions; any range is reported as an `unpinned` notice, never as a
 * package with a guessed version. `-r` files are read through `context.readFile` (relative to
 * the including file) and their packages carry their own file and line. `-c` constraint files
 * install nothing, so they are not read.
 */
export const requirementsTxt = defineParser({
  name: 'requirements',
  ecosystem: 'PyPI',
  foldCase: true,
  accepts,
  read(c, text, context) {
    readFile(c, c.file, text, context, [c.file]);
  },
});

/** Joins `\` continuations; each logical line keeps the number of its first physical line. */
function logicalLines(text: string): [string, number][] {
  const out: [string, number][] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    // Parts are joined once: repeated concatenation is quadratic on hostile input.
    const parts: string[] = [];
    let l = lines[i] ?? '';
    while (l.endsWith('\\')) {
      parts.push(l.slice(0, -1));
      if (i + 1 >= lines.length) {
        l = '';
        break;
      }
      l = lines[++i] ?? '';
    }
    parts.push(l);
    out.push([parts.join(''), start]);
  }
  return out;
}

/** pip: `#` starts a comment at line start or after whitespace (URLs keep `#egg=`). */
function stripComment(l: string): string {
  const m = /(^|\s)#/.exec(l);
  return (m ? l.slice(0, m.index) : l).trim();
}

function join(dir: string, rel: string): string {
  if (rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel)) return rel;
  const parts = (dir === '' ? [] : dir.split('/')).concat(rel.split(/[\\/]/));
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
    else if (p === '' && out.length === 0 && dir.startsWith('/')) out.push('');
  }
  return out.join('/') || '.';
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

/**
 * pip-compile annotates each pin with `# via …`; a pin wanted by `-r requirements.in` is direct.
 * Returns line → direct for annotated pins, or undefined when the file has no annotations.
 */
function viaAnnotations(text: string): Map<number, boolean> | undefined {
  const lines = splitLines(text);
  if (!lines.some((l) => /^\s+#\s+via\b/.test(l))) return undefined;
  const out = new Map<number, boolean>();
  let pinLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (/^[A-Za-z0-9]/.test(l)) {
      pinLine = i + 1;
      out.set(pinLine, false);
    } else if (pinLine > 0 && /^\s+#/.test(l)) {
      if (/^\s+#\s+(via\s+)?-r\s/.test(l)) out.set(pinLine, true);
    } else if (!/^\s+(--hash|\\)/.test(l) && !/^\s*$/.test(l)) pinLine = 0;
  }
  return out;
}

function readFile(c: Collector, file: string, text: string, context: ParseContext, chain: string[]): void {
  const via = viaAnnotations(text);
  for (const [raw, line] of logicalLines(text)) {
    const l = stripComment(raw);
    if (l === '') continue;
    const where = { line, file };
    const opt = /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=^-[rc]))(\S+)$/.exec(l);
    if (opt) {
      const kind = opt[1] === '-c' || opt[1] === '--constraint' ? 'constraint' : 'requirement';
      const target = join(dirname(file).replaceAll('\\', '/'), opt[2] ?? '');
      if (kind === 'constraint') {
        c.problem('notice', 'include', `constraints file ${target} only limits versions; not read`, where);
        continue;
      }
      includeFile(c, target, context, chain, where);
      continue;
    }
    if (l.startsWith('-e') || l.startsWith('--editable')) {
      c.problem('notice', 'non-registry', `editable requirement "${l.slice(0, 80)}"; not reported`, where);
      continue;
    }
    if (l.startsWith('-')) continue; // index/find-links/hash options: not packages
    if (/^(\.|\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(l)) {
      c.problem('notice', 'non-registry', `path or URL requirement "${l.slice(0, 80)}"; not reported`, where);
      continue;
    }
    const m = NAME.exec(l);
    if (!m) {
      c.problem('error', 'invalid-entry', `cannot read requirement "${l.slice(0, 80)}"`, where);
      continue;
    }
    const name = m[1] ?? '';
    // The version specifier ends at the environment marker or at per-requirement options.
    const spec = ((m[3] ?? '').split(';')[0] ?? '').split(/\s--?[a-z]/)[0]?.trim() ?? '';
    if (spec.startsWith('@')) {
      c.problem('notice', 'non-registry', `direct URL reference for ${name}; not reported`, where);
      continue;
    }
    const pin = /^(===?)\s*([^\s,;=<>!~*]+)$/.exec(spec);
    if (!pin) {
      c.problem(
        'notice',
        'unpinned',
        spec === ''
          ? `${name} has no version; not reported`
          : `${name}${spec} is a range, not a version; not reported`,
        { ...where, entry: name },
      );
      continue;
    }
    const hashes = requirementHashes(c, l, { ...where, entry: name });
    c.add({ name, version: pin[2] ?? '', line, direct: via?.get(line), dev: undefined, file, hashes });
  }
}

/** `--hash=alg:hex` or `--hash alg:hex` after the requirement (continuation lines already joined). */
const HASH_OPTION = /(?:^|\s)--hash(?:\s*=\s*|\s+)(\S*)/g;

/**
 * pip's hash-checking mode lists one digest per acceptable distribution file (each wheel, the
 * sdist), like the Python lockfiles; as there (`singlePythonArtifact`), only a single digest is
 * the package's artifact, so several record none. A malformed value is reported (pip itself
 * refuses the file) and then none is recorded either: the remaining one may not be the only file.
 */
function requirementHashes(
  c: Collector,
  l: string,
  where: { line: number; file: string; entry: string },
): PackageHash[] {
  // Keyed by algorithm and value: the same digest listed twice is one file (a Map, not a scan of
  // a list, keeps a hostile line of thousands of distinct hashes linear).
  const found = new Map<string, PackageHash>();
  let bad = false;
  for (const m of l.matchAll(HASH_OPTION)) {
    const hash = pipHash(m[1] ?? '');
    if ('reason' in hash) {
      c.problem('error', 'invalid-digest', `${hash.reason}; no hash recorded`, where);
      bad = true;
    } else found.set(`${hash.algorithm}:${hash.value}`, hash);
  }
  return !bad && found.size === 1 ? [...found.values()] : [];
}

function includeFile(
  c: Collector,
  target: string,
  context: ParseContext,
  chain: string[],
  where: { line: number; file: string },
): void {
  if (chain.includes(target)) {
    c.problem('error', 'include', `include cycle: ${[...chain, target].join(' → ')}`, where);
    return;
  }
  if (chain.length > MAX_INCLUDE_DEPTH) {
    c.problem(
      'error',
      'include',
      `includes nest deeper than ${MAX_INCLUDE_DEPTH}; ${target} not read`,
      where,
    );
    return;
  }
  const text = context.readFile?.(target);
  if (text === undefined) {
    c.problem('error', 'include', `cannot read included file ${target}`, where);
    return;
  }
  const big = tooLarge(target, text);
  if (big) {
    c.problem('error', 'too-large', `included file ${target} is over the size limit; not read`, where);
    return;
  }
  readFile(c, target, text, context, [...chain, target]);
}

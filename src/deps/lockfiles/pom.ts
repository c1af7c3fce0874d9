import { XMLParser } from 'fast-xml-parser';
import type { Collector } from './collector.ts';
import { defineParser } from './define.ts';
import { basename, Lines } from './text.ts';

type XmlObject = Record<string, unknown>;

function obj(v: unknown): XmlObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as XmlObject) : undefined;
}

function list(v: unknown): XmlObject[] {
  const arr = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return arr.map(obj).filter((x): x is XmlObject => x !== undefined);
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Offsets of the project's own `<dependency>` tags, in order: comments, `<dependencyManagement>`,
 * `<build>` (plugin dependencies) and `<profiles>` are blanked out first.
 */
function directDependencyOffsets(text: string): number[] {
  let t = blank(text, '<!--', '-->');
  for (const tag of ['dependencyManagement', 'build', 'profiles']) t = blank(t, `<${tag}>`, `</${tag}>`);
  return [...t.matchAll(/<dependency\s*>/g)].map((m) => m.index ?? 0);
}

/** Replaces each `open…close` span with spaces (offsets stay); linear, unlike a lazy regex on hostile input. */
function blank(text: string, open: string, close: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf(open, from);
    if (start < 0) break;
    const end = text.indexOf(close, start + open.length);
    if (end < 0) break;
    out += text.slice(from, start) + ' '.repeat(end + close.length - start);
    from = end + close.length;
  }
  return out + text.slice(from);
}

/**
 * pom.xml: the project's direct dependencies, with `${property}` resolved from `<properties>`,
 * `project.*` and `parent.*` in the same file, and missing versions taken from the file's
 * `<dependencyManagement>`. Scope `test` → dev. Anything unresolvable is a notice, never a guess.
 */
export const pomXml = defineParser({
  name: 'pom',
  ecosystem: 'Maven',
  accepts: (path) => basename(path) === 'pom.xml',
  read(c, text) {
    const parser = new XMLParser({
      ignoreAttributes: true,
      processEntities: false,
      parseTagValue: false,
      ignoreDeclaration: true,
      isArray: (name) => name === 'dependency',
    });
    let doc: XmlObject;
    try {
      doc = parser.parse(text) as XmlObject;
    } catch (error) {
      c.problem(
        'error',
        'syntax',
        `not valid XML: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    const project = obj(doc.project);
    if (!project) {
      c.problem('error', 'syntax', 'no <project> element');
      return;
    }
    readProject(c, text, project);
  },
});

function readProject(c: Collector, text: string, project: XmlObject): void {
  const parent = obj(project.parent) ?? {};
  const props = new Map<string, string>();
  for (const [k, v] of Object.entries(obj(project.properties) ?? {})) {
    const s = textOf(v);
    if (s !== undefined) props.set(k, s);
  }
  const own = (k: string): string | undefined => textOf(project[k]) ?? textOf(parent[k]);
  for (const k of ['version', 'groupId', 'artifactId']) {
    const v = own(k);
    if (v !== undefined) {
      props.set(`project.${k}`, v);
      props.set(`pom.${k}`, v);
      if (!props.has(k)) props.set(k, v);
    }
    const pv = textOf(parent[k]);
    if (pv !== undefined) {
      props.set(`project.parent.${k}`, pv);
      props.set(`parent.${k}`, pv);
    }
  }
  const resolve = (s: string | undefined): string | undefined => {
    if (s === undefined) return undefined;
    let out = s;
    for (let i = 0; i < 10 && out.includes('${'); i++) {
      out = out.replace(/\$\{([^}]+)\}/g, (m, k: string) => props.get(k) ?? m);
    }
    return out;
  };
  const managed = new Map<string, XmlObject>();
  for (const d of list(obj(obj(project.dependencyManagement)?.dependencies)?.dependency)) {
    const g = resolve(textOf(d.groupId));
    const a = resolve(textOf(d.artifactId));
    if (g && a) managed.set(`${g}:${a}`, d);
  }
  const lines = new Lines(text);
  const offsets = directDependencyOffsets(text);
  list(obj(project.dependencies)?.dependency).forEach((d, i) => {
    const line = offsets[i] === undefined ? 1 : lines.lineOf(offsets[i]);
    const group = resolve(textOf(d.groupId));
    const artifact = resolve(textOf(d.artifactId));
    if (!group || !artifact) {
      c.problem('error', 'invalid-entry', 'dependency without groupId or artifactId', { line });
      return;
    }
    const name = `${group}:${artifact}`;
    const m = managed.get(name);
    const rawVersion = textOf(d.version) ?? textOf(m?.version);
    const version = resolve(rawVersion);
    const scope = resolve(textOf(d.scope) ?? textOf(m?.scope)) ?? 'compile';
    if (version === undefined) {
      c.problem(
        'notice',
        'unresolved',
        'no version in this file (managed by a parent or BOM); not reported',
        {
          line,
          entry: name,
        },
      );
      return;
    }
    if (version.includes('${')) {
      c.problem(
        'notice',
        'unresolved',
        `version "${version}" has a property not defined in this file; not reported`,
        {
          line,
          entry: name,
        },
      );
      return;
    }
    if (/^[[(]|,/.test(version)) {
      c.problem('notice', 'unpinned', `version range "${version}" is not a version; not reported`, {
        line,
        entry: name,
      });
      return;
    }
    if (scope === 'system') {
      c.problem('notice', 'non-registry', 'system scope (a local jar); not reported', { line, entry: name });
      return;
    }
    c.add({ name, version, line, direct: true, dev: scope === 'test' });
  });
}

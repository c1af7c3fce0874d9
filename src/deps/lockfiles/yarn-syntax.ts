/**
 * One reader for both yarn.lock dialects. Classic (v1) writes `key "value"`, berry writes YAML
 * `key: value`; both write entries at column 0, fields at 2 spaces and dependency maps at 4.
 * A hand-written reader is several times faster than a YAML parser on 2 MB files and keeps lines.
 */
export interface YarnEntry {
  /** Specifiers of the entry header (`lodash@^4.17.0`, `lodash@npm:^4.17.21`). */
  readonly specifiers: string[];
  readonly line: number;
  readonly fields: Map<string, string>;
  /** Nested maps by section name (`dependencies`, `optionalDependencies`, `peerDependencies`…). */
  readonly sections: Map<string, Map<string, string>>;
}

export interface YarnFile {
  readonly entries: YarnEntry[];
  /** Lines that could not be read, with the reason. */
  readonly bad: { line: number; reason: string }[];
}

/** Reads a double-quoted string at `i`; returns [value, index after the closing quote] or undefined. */
function quoted(s: string, i: number): [string, number] | undefined {
  // Fast path: no escapes before the closing quote (nearly every line of a real lockfile).
  const close = s.indexOf('"', i + 1);
  if (close < 0) return undefined;
  const slash = s.indexOf('\\', i + 1);
  if (slash < 0 || slash > close) return [s.slice(i + 1, close), close + 1];
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const ch = s[j];
    if (ch === '"') return [out, j + 1];
    if (ch === '\\' && j + 1 < s.length) {
      const n = s[++j];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else out += ch;
  }
  return undefined;
}

/** Splits `key value`, `key: value`, `"key": "value"`; undefined when malformed. */
function keyValue(s: string): [string, string] | undefined {
  let key: string;
  let i: number;
  if (s.startsWith('"')) {
    const q = quoted(s, 0);
    if (!q) return undefined;
    [key, i] = q;
  } else {
    const m = /^[^\s:]+(?::(?=\S)[^\s:]*)*/.exec(s);
    if (!m) return undefined;
    key = m[0];
    i = key.length;
  }
  if (s[i] === ':') i++;
  while (s[i] === ' ') i++;
  const rest = s.slice(i);
  if (rest.startsWith('"')) {
    const q = quoted(rest, 0);
    return q ? [key, q[0]] : undefined;
  }
  if (rest.startsWith("'")) {
    const end = rest.lastIndexOf("'");
    return end > 0 ? [key, rest.slice(1, end).replaceAll("''", "'")] : undefined;
  }
  return [key, rest.trimEnd()];
}

/** Splits an entry header (without its trailing `:`) into specifiers. */
function specifiers(header: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < header.length) {
    while (header[i] === ' ' || header[i] === ',') i++;
    if (i >= header.length) break;
    if (header[i] === '"') {
      const q = quoted(header, i);
      if (!q) return undefined;
      // berry quotes the whole list: "a@npm:1, a@npm:2"
      out.push(
        ...q[0]
          .split(', ')
          .map((x) => x.trim())
          .filter(Boolean),
      );
      i = q[1];
    } else {
      const end = header.indexOf(',', i);
      out.push(header.slice(i, end < 0 ? undefined : end).trim());
      i = end < 0 ? header.length : end;
    }
  }
  return out;
}

export function readYarnSyntax(text: string): YarnFile {
  const entries: YarnEntry[] = [];
  const bad: { line: number; reason: string }[] = [];
  let current: YarnEntry | undefined;
  let section: Map<string, string> | undefined;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) continue;
    const body = line.slice(indent);
    if (indent === 0) {
      section = undefined;
      if (!body.endsWith(':')) {
        bad.push({ line: lineNo, reason: 'expected an entry header ending with ":"' });
        current = undefined;
        continue;
      }
      const specs = specifiers(body.slice(0, -1));
      if (!specs || specs.length === 0) {
        bad.push({ line: lineNo, reason: 'unreadable entry header' });
        current = undefined;
        continue;
      }
      current = { specifiers: specs, line: lineNo, fields: new Map(), sections: new Map() };
      entries.push(current);
    } else if (!current) {
    } else if (indent <= 2) {
      section = undefined;
      if (body.endsWith(':') && !body.includes(' ')) {
        section = new Map();
        current.sections.set(body.slice(0, -1).replace(/^"|"$/g, ''), section);
        continue;
      }
      const kv = keyValue(body);
      if (!kv) bad.push({ line: lineNo, reason: 'unreadable field' });
      else current.fields.set(kv[0], kv[1]);
    } else if (section) {
      const kv = keyValue(body);
      if (!kv) bad.push({ line: lineNo, reason: 'unreadable dependency' });
      else section.set(kv[0], kv[1]);
    }
  }
  return { entries, bad };
}

/** `name@range` → [name, range]; the name may be scoped (`@scope/x@^1`). */
export function splitSpecifier(spec: string): [string, string] {
  const at = spec.indexOf('@', 1);
  return at < 0 ? [spec, ''] : [spec.slice(0, at), spec.slice(at + 1)];
}

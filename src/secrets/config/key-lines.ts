/**
 * smol-toml gives values without positions; validation errors must still name file:line. This
 * maps `rules[3]`, `rules[3].regex`, `rules[3].allowlists[0].paths`, `allowlist.regexes`,
 * `extend.path`… to the line where the table header or key is written (1-based).
 */
export function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const counters = new Map<string, number>();
  let table = '';
  let multiline: string | undefined;
  const rows = text.split(/\r?\n/);
  rows.forEach((raw, index) => {
    const line = index + 1;
    if (multiline !== undefined) {
      if (occurrences(raw, multiline) % 2 === 1) multiline = undefined;
      return;
    }
    const trimmed = raw.trim();
    const header =
      /^\[\[\s*([A-Za-z0-9_.\s"-]+?)\s*\]\]/.exec(trimmed) ??
      /^\[\s*([A-Za-z0-9_.\s"-]+?)\s*\]/.exec(trimmed);
    if (header) {
      const name = (header[1] as string).replace(/\s+/g, '');
      const isArray = trimmed.startsWith('[[');
      table = resolveTable(name, isArray, counters);
      lines.set(table, line);
      return;
    }
    const key = /^([A-Za-z0-9_-]+)\s*=/.exec(trimmed);
    if (key) {
      const full = table === '' ? (key[1] as string) : `${table}.${key[1]}`;
      if (!lines.has(full)) lines.set(full, line);
      for (const quote of ["'''", '"""']) {
        if (occurrences(raw, quote) % 2 === 1) multiline = quote;
      }
    }
  });
  return lines;
}

/** `rules` (array) → `rules[n]`; `rules.allowlists` under `rules[n]` → `rules[n].allowlists[m]`. */
function resolveTable(name: string, isArray: boolean, counters: Map<string, number>): string {
  const parts = name.split('.');
  let path = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const prefix = path === '' ? part : `${path}.${part}`;
    const last = i === parts.length - 1;
    if (last && isArray) {
      const n = counters.get(prefix) ?? 0;
      counters.set(prefix, n + 1);
      path = `${prefix}[${n}]`;
    } else {
      // An intermediate array table refers to its latest element (`rules.allowlists` → the current rule).
      const n = counters.get(prefix);
      path = n === undefined ? prefix : `${prefix}[${n - 1}]`;
    }
  }
  return path;
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Line of a key path, falling back to its nearest known ancestor (`rules[3].regex` → `rules[3]`). */
export function lineOf(lines: ReadonlyMap<string, number>, path: string): number | undefined {
  let p = path;
  for (;;) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
  }
}

/**
 * Text rules Docker applies to instruction arguments and that dockerfile-ast leaves to callers:
 * joining continuation lines (dropping comment lines inside them) and splitting shell words.
 */

/**
 * `apt-get update && \` + newline + `    apt-get install x` → one line, as the Docker builder
 * reads it: the escape character and line break vanish, the next line's indentation stays,
 * and comment lines inside a continuation are dropped. Lines not continued (heredoc bodies)
 * keep their line break.
 */
export function joinContinuations(raw: string, escapeChar: string): string {
  const lines = raw.split(/\r?\n/);
  let out = '';
  let continued = false;
  lines.forEach((line, i) => {
    if (continued && i > 0 && /^\s*#/.test(line)) return;
    if (i > 0 && !continued) out += '\n';
    const trimmed = line.replace(/[ \t]+$/, '');
    if (trimmed.endsWith(escapeChar) && i < lines.length - 1) {
      out += trimmed.slice(0, -escapeChar.length);
      continued = true;
    } else {
      out += line;
      continued = false;
    }
  });
  return out;
}

/**
 * POSIX-like word splitting without expansion: whitespace separates words, quotes group and
 * are removed, a backslash escapes the next character (inside double quotes only `"`, `\`, `$`
 * and backtick). Operators such as `&&` stay words of their own when space-separated.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string))
        word += text[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Exec form: a JSON array of strings. Anything else (even `[` that is not valid JSON) is shell form. */
export function execFormArgs(value: string): string[] | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

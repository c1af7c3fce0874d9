/**
 * Messages carry text from scanned files (resource names, values), so a hostile repository could
 * put terminal escape sequences in them and rewrite what a reviewer sees. Every string a text
 * reporter prints goes through here: control characters become visible `\u001b`-style escapes.
 */

// C0 controls except tab and newline, DEL, C1 controls, and bidi overrides (Trojan Source).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function visible(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line: newlines shown as spaces (messages belong on the line of their finding). */
export function oneLine(text: string): string {
  return visible(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Several lines, each after the first indented to `indent` so wrapped text stays in its column. */
export function block(text: string, indent: string): string {
  return visible(text)
    .trim()
    .split('\n')
    .map((line, i) => (i === 0 ? line.trimEnd() : `${indent}${line.trimEnd()}`))
    .join('\n');
}

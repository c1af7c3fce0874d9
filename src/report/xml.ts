/**
 * Minimal XML 1.0 writing for the JUnit reporter. Text comes from scanned files, so it must never
 * break the document: markup characters are escaped (no CDATA, so `]]>` is harmless) and
 * characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are replaced by a
 * visible `\uXXXX` so nothing is silently lost.
 */

// Allowed: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF], as code points.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching forbidden characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, 'g');

function replaceForbidden(text: string): string {
  return text.replace(FORBIDDEN, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Carriage returns become `&#13;`: a parser would otherwise normalise them to line feeds. */
export function escapeText(text: string): string {
  return replaceForbidden(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Attribute values also keep their tabs and line breaks (parsers normalise raw ones to spaces). */
export function escapeAttribute(text: string): string {
  return escapeText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

export type Attributes = Readonly<Record<string, string | number | undefined>>;

/** `<name a="1" b="2"` — attributes in the given order, undefined ones left out. */
export function openTag(name: string, attributes: Attributes): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  return `<${name}${attrs}`;
}

/** A whole element: self-closing when it has no body. */
export function element(name: string, attributes: Attributes, body?: string): string {
  const open = openTag(name, attributes);
  return body === undefined || body === '' ? `${open}/>` : `${open}>${body}</${name}>`;
}

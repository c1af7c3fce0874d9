import type { Scalar } from 'yaml';

/**
 * Maps an offset inside a YAML scalar's parsed value back to an offset in the file, so a CEL
 * error at column 12 of a `|` block or a quoted string points at the right file column.
 * Greedy alignment: walk value and source together, skipping what YAML removed (quotes,
 * indentation, escapes, line folding). Never throws; falls back to the scalar start.
 */
export function scalarOffset(text: string, scalar: Scalar, valueOffset: number): number {
  const range = scalar.range;
  if (!range) return 0;
  const value = typeof scalar.value === 'string' ? scalar.value : String(scalar.value);
  let j = contentStart(text, range[0], scalar.type);
  const end = range[1];
  for (let i = 0; i < valueOffset && i < value.length; i++) {
    const v = value[i] as string;
    const found = findChar(text, j, end, v);
    if (found < 0) return j;
    j = found + 1;
  }
  // Land on the character itself, not on whitespace YAML dropped before it.
  const next = value[valueOffset];
  if (next !== undefined) {
    const found = findChar(text, j, end, next);
    if (found >= 0) return found;
  }
  return Math.min(j, Math.max(range[0], end));
}

/** Block scalars start after their header line (`|`, `>-`…); quoted ones after the quote. */
function contentStart(text: string, start: number, type: Scalar['type']): number {
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', start);
    return nl < 0 ? start : nl + 1;
  }
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') return start + 1;
  return start;
}

const SKIPPABLE = new Set([' ', '\t', '\n', '\r', '\\', '"', "'"]);

function findChar(text: string, from: number, end: number, want: string): number {
  const wantSpace = want === ' ' || want === '\n';
  for (let j = from; j < end; j++) {
    const c = text[j] as string;
    if (c === want) return j;
    // Folding turns a line break in the file into a space in the value, and the reverse.
    if (wantSpace && (c === '\n' || c === ' ')) return j;
    if (!SKIPPABLE.has(c)) return -1;
  }
  return -1;
}

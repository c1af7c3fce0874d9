/**
 * Deepest `[`/`{` nesting of JSON text, outside strings. Checked before parsing because the
 * parser recurses: absurd nesting must be refused, not allowed to overflow the stack.
 * Returns the offset where `limit` is first exceeded, or -1.
 */
export function excessiveNesting(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return -1;
}

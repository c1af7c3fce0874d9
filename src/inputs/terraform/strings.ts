/**
 * HCL string rules that tree-sitter leaves to us: escape sequences in quoted strings and the
 * indentation stripping of `<<-` heredocs (HCL spec, "Template Expressions").
 */

/** `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, plus the template escapes `$${` and `%%{`. */
export function unescapeQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1];
      const simple = SIMPLE_ESCAPES[next as string];
      if (simple !== undefined) {
        out += simple;
        i++;
        continue;
      }
      const width = next === 'u' ? 4 : next === 'U' ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + width);
      if (width > 0 && hex.length === width && /^[0-9A-Fa-f]+$/.test(hex)) {
        const code = Number.parseInt(hex, 16);
        if (code <= 0x10ffff) {
          out += String.fromCodePoint(code);
          i += 1 + width;
          continue;
        }
      }
      out += ch;
      continue;
    }
    out += ch;
  }
  return unescapeTemplate(out);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Heredocs have no backslash escapes, only the doubled template introducers. */
export function unescapeTemplate(raw: string): string {
  return raw.replaceAll('$${', '${').replaceAll('%%{', '%{');
}

/**
 * `<<-` strips the smallest indentation (spaces and tabs, one column each) of the non-blank
 * lines from every line. `pieces` are the literal runs of the heredoc body; `null` marks an
 * interpolation between them, which counts as line content.
 */
export function stripHeredocIndent(pieces: readonly (string | null)[]): (string | null)[] {
  const starts: { piece: number; at: number; width: number }[] = [];
  let min = Number.POSITIVE_INFINITY;
  let atLineStart = true;
  pieces.forEach((piece, p) => {
    if (piece === null) {
      atLineStart = false;
      return;
    }
    for (let i = 0; i <= piece.length; i++) {
      if (atLineStart) {
        let j = i;
        while (j < piece.length && (piece[j] === ' ' || piece[j] === '\t')) j++;
        const blank = j < piece.length ? piece[j] === '\n' || piece[j] === '\r' : p === pieces.length - 1;
        starts.push({ piece: p, at: i, width: j - i });
        if (!blank) min = Math.min(min, j - i);
        atLineStart = false;
        i = j - 1;
        continue;
      }
      if (piece[i] === '\n') atLineStart = true;
    }
  });
  if (!Number.isFinite(min) || min === 0) return [...pieces];
  const out = [...pieces];
  // Cut from the end of each piece first so earlier offsets stay valid.
  for (let k = starts.length - 1; k >= 0; k--) {
    const s = starts[k] as { piece: number; at: number; width: number };
    const text = out[s.piece] as string;
    out[s.piece] = text.slice(0, s.at) + text.slice(s.at + Math.min(min, s.width));
  }
  return out;
}

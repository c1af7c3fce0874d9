/**
 * The longest literal every match of a regex must contain (lowercased), for the prefilter. Only
 * top-level literal runs count: anything inside groups, classes or optional quantifiers is
 * skipped, and a top-level alternation gives up. Returns '' when nothing is certain.
 */
const SPECIAL_ESCAPES = new Set([...'wWdDsSbBpPfvx0123456789uckAzZGQE']);
/** Escapes that stand for one plain character. */
const CHAR_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' };

export function regexLiteral(source: string): string {
  let best = '';
  let run = '';
  let depth = 0;
  const end = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const n = source[i + 1];
      i++;
      if (n === undefined) return '';
      if (depth > 0) continue;
      if (CHAR_ESCAPES[n] !== undefined) run += CHAR_ESCAPES[n];
      else if (SPECIAL_ESCAPES.has(n)) end();
      else run += n;
      continue;
    }
    if (c === '[') {
      // Skip the class (a leading ']' and escapes are part of it).
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      if (depth === 0) end();
      continue;
    }
    if (c === '(') {
      if (depth === 0) end();
      depth++;
      continue;
    }
    if (c === ')') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (c === '|') return '';
    if (c === '*' || c === '?') {
      // The previous character is optional: drop it from the run.
      run = run.slice(0, -1);
      end();
    } else if (c === '{') {
      run = run.slice(0, -1);
      end();
      while (i < source.length && source[i] !== '}') i++;
    } else if (c === '+') end();
    else if (c === '.' || c === '^' || c === '$') end();
    else run += c;
  }
  end();
  return best.toLowerCase();
}

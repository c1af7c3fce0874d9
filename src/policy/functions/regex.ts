import type { CelFunctionGroup } from './types.ts';

/**
 * `extractAll`, after cel-go's `regex.extractAll`: what cross-document rules need to index
 * documents by the names they reference (`aws_s3_bucket.logs.id` → `logs`) once, instead of
 * testing a per-document regex against every other document.
 */

const cache = new Map<string, RegExp | null>();

/** Compiled global regex for a pattern, or null when it does not compile; cached. */
function compile(pattern: string): RegExp | null {
  let re = cache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'g');
    } catch {
      re = null;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/**
 * Every non-overlapping match of `pattern` in `value`, left to right; when the pattern has a
 * capture group, the first group's text instead (a group that did not take part gives '').
 * Null or non-string input, or a pattern that does not compile, gives [] (never a crash).
 */
export function extractAll(value: unknown, pattern: unknown): string[] {
  if (typeof value !== 'string' || typeof pattern !== 'string') return [];
  const re = compile(pattern);
  if (!re) return [];
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    out.push(m.length > 1 ? (m[1] ?? '') : m[0]);
    // An empty match would match again at the same place forever.
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

export const regexFunctions: CelFunctionGroup = {
  name: 'regex',
  functions: [
    {
      signature: 'string.extractAll(string): list<string>',
      description:
        "Every match of a regular expression, or of its first capture group: `'aws_s3_bucket.a.id'.extractAll(r'aws_s3_bucket\\.([\\w-]+)\\.')` → `['a']`. `[]` for an invalid pattern.",
      handler: (value: unknown, pattern: unknown) => extractAll(value, pattern),
    },
    {
      signature: 'extractAll(dyn, string): list<string>',
      description: 'Function form; `[]` when the value is null or not a string (unknown values).',
      handler: (value: unknown, pattern: unknown) => extractAll(value, pattern),
    },
  ],
};

import picomatch from 'picomatch';
import type { CelFunctionGroup } from './types.ts';

const cache = new Map<string, (value: string) => boolean>();

/** Glob match (`*`, `**`, `?`, `{a,b}`), dot files included; compiled matchers are cached. */
export function globMatch(value: unknown, pattern: unknown): boolean {
  if (typeof value !== 'string' || typeof pattern !== 'string') return false;
  let matcher = cache.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { dot: true });
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, matcher);
  }
  return matcher(value);
}

export const stringFunctions: CelFunctionGroup = {
  name: 'strings',
  functions: [
    {
      signature: 'string.glob(string): bool',
      description: "Glob match: `'ghcr.io/acme/app'.glob('ghcr.io/acme/**')`.",
      handler: (value: string, pattern: string) => globMatch(value, pattern),
    },
    {
      signature: 'glob(dyn, string): bool',
      description: 'Function form; false when the value is null or not a string.',
      handler: (value: unknown, pattern: string) => globMatch(value, pattern),
    },
  ],
};

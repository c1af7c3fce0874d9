import type { FieldPath } from './document.ts';

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['spec', 'containers', 0, 'a.b/c']` → `spec.containers[0]["a.b/c"]`. */
export function formatPath(segments: readonly PathSegment[]): FieldPath {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function appendPath(base: FieldPath, segment: PathSegment): FieldPath {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  if (PLAIN_KEY.test(segment)) return base === '' ? segment : `${base}.${segment}`;
  return `${base}[${JSON.stringify(segment)}]`;
}

/** Inverse of formatPath; returns undefined for a malformed path. */
export function parsePath(path: FieldPath): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      if (i === 0) return undefined;
      i++;
      continue;
    }
    if (ch === '[') {
      const close = path[i + 1] === '"' ? findStringEnd(path, i + 1) : path.indexOf(']', i);
      if (close < 0) return undefined;
      if (path[i + 1] === '"') {
        try {
          segments.push(JSON.parse(path.slice(i + 1, close + 1)) as string);
        } catch {
          return undefined;
        }
        if (path[close + 1] !== ']') return undefined;
        i = close + 2;
      } else {
        const n = Number(path.slice(i + 1, close));
        if (!Number.isInteger(n) || n < 0) return undefined;
        segments.push(n);
        i = close + 1;
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    segments.push(path.slice(i, j));
    i = j;
  }
  return segments;
}

function findStringEnd(path: string, quote: number): number {
  for (let i = quote + 1; i < path.length; i++) {
    if (path[i] === '\\') i++;
    else if (path[i] === '"') return i;
  }
  return -1;
}

/** The path itself, then each ancestor up to the root (''): used to find the most specific known line. */
export function* ancestry(path: FieldPath): Generator<FieldPath> {
  const segments = parsePath(path);
  if (!segments) return;
  for (let n = segments.length; n >= 0; n--) yield formatPath(segments.slice(0, n));
}

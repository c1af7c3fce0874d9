import type { SourceRange } from '../../core/location.ts';
import type { FieldPath, InputDocument } from '../../inputs/document.ts';
import { appendPath, formatPath, parsePath } from '../../inputs/path.ts';

const CANONICAL = /^[A-Za-z_$][A-Za-z0-9_$-]*(?:\.[A-Za-z_$][A-Za-z0-9_$-]*|\[\d+\])*$/;
const DOT = 46;
const BRACKET = 91;

/** Canonical spelling of a path written by a rule (`a["b"]` → `a.b`); undefined if malformed. */
export function canonicalPath(path: string): FieldPath | undefined {
  // Hot path: rule paths are nearly always plain `a.b[0].c`, already canonical.
  if (path === '' || CANONICAL.test(path)) return path;
  const segments = parsePath(path);
  return segments ? formatPath(segments) : undefined;
}

/** Range of the most specific existing ancestor of `path`; the document itself as last resort. */
export function locate(doc: InputDocument, path: FieldPath): SourceRange {
  if (path === '') return doc.range;
  const exact = doc.positions.get(path);
  if (exact) return exact;
  if (CANONICAL.test(path)) {
    // Plain keys and indices (the common case): every proper prefix ends just before a '.' or
    // '[' of the path itself, already spelled canonically: no parsing, no re-spelling.
    for (let i = path.length - 1; i > 0; i--) {
      const ch = path.charCodeAt(i);
      if (ch !== DOT && ch !== BRACKET) continue;
      const range = doc.positions.get(path.slice(0, i));
      if (range) return range;
    }
    return doc.range;
  }
  const segments = parsePath(path);
  if (!segments) return doc.range;
  // Every prefix spelled canonically, built in one pass (same spelling as formatPath).
  const prefixes: string[] = [];
  let current = '';
  for (const segment of segments) {
    current = appendPath(current, segment);
    prefixes.push(current);
  }
  for (let i = prefixes.length - 2; i >= 0; i--) {
    const range = doc.positions.get(prefixes[i] as string);
    if (range) return range;
  }
  return doc.range;
}

function related(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short === '') return true;
  return long.startsWith(short) && (long[short.length] === '.' || long[short.length] === '[');
}

/**
 * Unknown is never a violation: a failure at a path that is, lies under, or lies over an
 * unresolved value is not reported. Failures without a path are not suppressed (they are about
 * the document as a whole, and any document with one unknown would otherwise never fail).
 */
export function touchesUnknown(doc: InputDocument, path: FieldPath): boolean {
  if (path === '' || doc.unknownPaths.size === 0) return false;
  for (const unknown of doc.unknownPaths) if (related(unknown, path)) return true;
  return false;
}

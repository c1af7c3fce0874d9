import type { SourceRange } from '../../core/location.ts';
import type { FieldPath } from '../document.ts';

/**
 * Splits a file-level positions map into one map per child of `parent` (List `items[3]`,
 * CloudFormation `Resources.Bucket`), with paths made relative to that child ('' = the child).
 * One pass over the map: each path's child is read off its next segment, never searched for.
 * `bases` must be direct children of `parent`, spelled as `appendPath(parent, key)` spells them.
 */
export function rebasePositions(
  positions: ReadonlyMap<FieldPath, SourceRange>,
  parent: FieldPath,
  bases: readonly FieldPath[],
): Map<FieldPath, SourceRange>[] {
  const out = bases.map(() => new Map<FieldPath, SourceRange>());
  const byBase = new Map<FieldPath, Map<FieldPath, SourceRange>>();
  for (let i = 0; i < bases.length; i++)
    byBase.set(bases[i] as FieldPath, out[i] as Map<FieldPath, SourceRange>);
  for (const [path, range] of positions) {
    const base = childBase(path, parent);
    if (base === undefined) continue;
    const target = byBase.get(base);
    if (target === undefined) continue;
    const rest = path.slice(base.length);
    target.set(rest.startsWith('.') ? rest.slice(1) : rest, range);
  }
  return out;
}

/** `Resources.Bucket.Properties.X` under `Resources` → `Resources.Bucket`; undefined if not under. */
function childBase(path: FieldPath, parent: FieldPath): FieldPath | undefined {
  if (!path.startsWith(parent)) return undefined;
  let i = parent.length;
  if (i >= path.length) return undefined;
  if (path[i] === '[') {
    if (path[i + 1] === '"') {
      for (i += 2; i < path.length; i++) {
        if (path[i] === '\\') i++;
        else if (path[i] === '"') break;
      }
    }
    const close = path.indexOf(']', i);
    return close < 0 ? undefined : path.slice(0, close + 1);
  }
  if (parent !== '') {
    if (path[i] !== '.') return undefined;
    i++;
  }
  while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
  return path.slice(0, i);
}

import type { FieldPath } from '../document.ts';
import { appendPath } from '../path.ts';
import { intrinsicName } from './intrinsics.ts';

export interface Resolution {
  readonly unknownPaths: Set<FieldPath>;
  readonly expressions: Record<FieldPath, string>;
}

/**
 * A copy of `value` with intrinsics replaced: `Ref` to a parameter with a `Default` becomes the
 * default; every other intrinsic becomes null, its path recorded as unknown with its JSON text.
 * Rules never see an intrinsic object they could mistake for a literal.
 */
export function resolveIntrinsics(
  value: unknown,
  path: FieldPath,
  defaults: ReadonlyMap<string, unknown>,
  out: Resolution,
): unknown {
  if (Array.isArray(value))
    return value.map((item, i) => resolveIntrinsics(item, `${path}[${i}]`, defaults, out));
  if (value === null || typeof value !== 'object') return value;
  const map = value as Record<string, unknown>;
  const name = intrinsicName(map);
  if (name !== undefined) {
    const target = map[name];
    if (name === 'Ref' && typeof target === 'string' && defaults.has(target)) return defaults.get(target);
    out.unknownPaths.add(path);
    out.expressions[path] = JSON.stringify(map);
    return null;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(map)) {
    const resolved = resolveIntrinsics(map[key], appendPath(path, key), defaults, out);
    // `__proto__` is data here, not the prototype.
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: resolved,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else copy[key] = resolved;
  }
  return copy;
}

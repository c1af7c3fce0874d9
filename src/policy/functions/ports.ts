import type { CelFunctionGroup } from './types.ts';

/** Numbers arrive as BigInt (int), number (double) or strings ("22" in CloudFormation). */
function toPort(value: unknown): number | undefined {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * `from..to` includes `port`. A range of -1..-1 or 0..0 with protocol "all" is a rule-level
 * concern, not this function's; unknown (null) bounds never match.
 */
export function portRangeIncludes(from: unknown, to: unknown, port: unknown): boolean {
  const f = toPort(from);
  const t = toPort(to);
  const p = toPort(port);
  if (f === undefined || t === undefined || p === undefined) return false;
  return f <= p && p <= t;
}

export const portFunctions: CelFunctionGroup = {
  name: 'ports',
  functions: [
    {
      signature: 'portRangeIncludes(dyn, dyn, dyn): bool',
      description:
        'True when `from <= port <= to`; accepts ints, doubles and numeric strings; false when any argument is null or not a number.',
      handler: (from: unknown, to: unknown, port: unknown) => portRangeIncludes(from, to, port),
    },
  ],
};

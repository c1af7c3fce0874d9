const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  w: 7 * 24 * 60 * 60 * 1000,
};

/**
 * `30m`, `12h`, `7d`, `2w` → milliseconds; undefined when unreadable. A unit is required: a bare
 * `7` could mean seconds or days, and guessing wrong would silently change a security threshold.
 */
export function parseDuration(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(value);
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * (UNIT_MS[(m[2] as string).toLowerCase()] as number));
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

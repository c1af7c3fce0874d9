/**
 * Sigma level thresholds for `--level` and `--fail-on`: `medium` and `>=medium` both mean "at or
 * above medium". Alerts of rules without a level sit below every threshold.
 */
import type { SigmaLevel } from '../types.ts';

export const LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];

/** The level named by `spec` (`high`, `>=high`, case-insensitive), or undefined when it is not one. */
export function parseLevelThreshold(spec: string): SigmaLevel | undefined {
  const name = spec
    .trim()
    .replace(/^>=\s*/, '')
    .toLowerCase();
  return LEVELS.find((l) => l === name);
}

/** Rank for comparisons: 0 (informational) … 4 (critical); -1 for no level. */
export function levelRank(level: SigmaLevel | undefined): number {
  return level === undefined ? -1 : LEVELS.indexOf(level);
}

export function atOrAbove(level: SigmaLevel | undefined, threshold: SigmaLevel): boolean {
  return levelRank(level) >= levelRank(threshold);
}

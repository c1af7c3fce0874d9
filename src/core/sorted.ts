/**
 * The index of the last entry of `sorted` (ascending) that is at most `value`, or 0 when none is
 * (callers' first entry is 0: a line index's first line start). Binary search.
 */
export function lastIndexAtMost(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sorted[mid] as number) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

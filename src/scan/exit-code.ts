import { thresholdHit } from '../report/outcome.ts';
import type { ScanResult } from '../report/reporter.ts';

/** 0: nothing unsuppressed at/above --fail-on; 1: something is; 2: usage or config error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Same rule the reporters print (report/outcome.ts), so the exit code never contradicts them. */
export function exitCodeFor(result: ScanResult): number {
  return thresholdHit(result) ? EXIT_FINDINGS : EXIT_OK;
}

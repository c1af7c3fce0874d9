import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags for a process that runs one batch command and exits (docs/adr/0008-batch-runs-compile-less.md).
 * A `rampart scan` is over before V8's optimizing compiler pays for itself: on a 53 MiB tree its
 * background threads spent 270–290 ms of CPU compiling the scanner (inlined call graphs, and
 * functions compiled two to six times as new paths deoptimized them) against 340–380 ms of
 * scanning. Without inlining, and optimizing a function only after 4.4× more work in it, that compiling
 * falls to 90–120 ms and the scan's wall time drops too.
 */
export const BATCH_V8_FLAGS = ['--no-turbo-inlining', '--interrupt-budget=300000'] as const;

/**
 * Whether `argv` (the arguments after `rampart`) runs a batch command: `scan` without `--watch`.
 * Long-running commands (`serve`, `scan --watch`) keep V8's defaults, which favour steady state.
 */
export function isBatchRun(argv: readonly string[]): boolean {
  const command = argv.find((a) => !a.startsWith('-'));
  return command === 'scan' && !argv.includes('--watch');
}

/**
 * Sets the batch flags for this process (worker threads share them). Call it before the work
 * starts: functions already optimized keep their code. Only the process entry calls it, never a
 * library user's process (the flags are process-wide).
 */
export function tuneV8ForBatchRun(): void {
  for (const flag of BATCH_V8_FLAGS) setFlagsFromString(flag);
}

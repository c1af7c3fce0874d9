import type { ScanProgress } from '../scan/options.ts';
import type { CliIo } from './io.ts';

/**
 * A one-line status on stderr, only when stderr is a terminal (never in CI logs or pipes),
 * erased when the scan is done so reports start on a clean line.
 */
export function progressLine(io: CliIo, enabled: boolean): ((event: ScanProgress) => void) | undefined {
  if (!enabled || !io.stderrIsTTY) return undefined;
  const started = Date.now();
  return (event) => {
    const elapsed = `${((Date.now() - started) / 1000).toFixed(1)}s`;
    if (event.phase === 'done') io.err('\r\u001b[2K');
    else if (event.phase === 'collecting') io.err(`\r\u001b[2Krampart: collecting files… ${elapsed}`);
    else io.err(`\r\u001b[2Krampart: analyzing ${event.files} files… ${elapsed}`);
  };
}

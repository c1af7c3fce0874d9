import { getReporter, reporterFormats } from '../report/registry.ts';
import type { Reporter } from '../report/reporter.ts';

/** Report formats come from the one registry in src/report/registry.ts. */
export const FORMAT_NAMES: readonly string[] = reporterFormats();

/** UsageError (exit 2) naming the valid formats when `format` is unknown. */
export function reporterFor(format: string): Reporter {
  return getReporter(format);
}

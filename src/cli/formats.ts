import { UsageError } from '../core/errors.ts';
import { jsonReporter } from '../report/json.ts';
import type { Reporter } from '../report/reporter.ts';
import { sarifReporter } from '../report/sarif.ts';
import { tableReporter } from '../report/table.ts';

// TODO(registry): switch to src/report/registry.ts once the report engineer lands it.
const REPORTERS: readonly Reporter[] = [tableReporter, jsonReporter, sarifReporter];

export const FORMAT_NAMES: readonly string[] = REPORTERS.map((r) => r.format);

export function reporterFor(format: string): Reporter {
  const reporter = REPORTERS.find((r) => r.format === format);
  if (!reporter) throw new UsageError(`unknown format "${format}" (known: ${FORMAT_NAMES.join(', ')})`);
  return reporter;
}

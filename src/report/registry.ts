import { UsageError } from '../core/errors.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import type { Reporter } from './reporter.ts';
import { sarifReporter } from './sarif.ts';
import { tableReporter } from './table.ts';

/** Every output format, in the order `--help` lists them. Add a reporter here, nowhere else. */
export const REPORTERS: readonly Reporter[] = [tableReporter, jsonReporter, sarifReporter, junitReporter];

export function reporterFormats(): string[] {
  return REPORTERS.map((r) => r.format);
}

/** The reporter for `--format`; a UsageError naming the valid formats otherwise. */
export function getReporter(format: string): Reporter {
  const reporter = REPORTERS.find((r) => r.format === format);
  if (!reporter) {
    throw new UsageError(
      `unknown report format "${format}" (--format): use one of ${reporterFormats().join(', ')}`,
    );
  }
  return reporter;
}

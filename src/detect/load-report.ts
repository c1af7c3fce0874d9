/** The load report every load prints: "loaded N, rejected M" and one line per rejection. */
import type { LoadResult } from './load.ts';

export function formatLoadReport(result: LoadResult): string {
  const correlations = result.correlations?.length ?? 0;
  const loaded =
    correlations === 0
      ? `${result.rules.length} rules and ${result.filters.length} filters`
      : `${result.rules.length} rules, ${result.filters.length} filters and ${correlations} correlations`;
  const lines = [`loaded ${loaded}, rejected ${result.rejected.length}`];
  for (const r of result.rejected) {
    const what = r.title ? ` (${r.title})` : '';
    lines.push(`  ${r.origin.file}:${r.origin.line}: rejected [${r.code}]${what}: ${r.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

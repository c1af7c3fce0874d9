import type { RuleTestReport } from './run-tests.ts';

/** Plain-text report for terminals and CI logs; the last line is exactly `N passed, N failed`. */
export function formatTestReport(report: RuleTestReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  for (const r of report.results) {
    const status = r.skipped ? 'SKIP' : r.ok ? 'PASS' : 'FAIL';
    const detail = r.skipped ? 'no tests.yaml' : `${r.cases.length} case${r.cases.length === 1 ? '' : 's'}`;
    lines.push(`${status} ${r.ruleId} ${r.dir} (${detail})`);
    for (const p of r.problems) lines.push(indent(p, '    '));
    for (const c of r.cases) {
      if (c.ok && !options.verbose) continue;
      lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.file}`);
      for (const p of c.problems) lines.push(indent(p, '      '));
    }
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

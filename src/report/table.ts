import picocolors from 'picocolors';
import type { Finding } from '../core/finding.ts';
import type { ResourceRef } from '../core/location.ts';
import { SEVERITIES, type Severity } from '../core/severity.ts';
import {
  failingFindings,
  SUPPRESSION_KINDS,
  severityCounts,
  sortedFindings,
  suppressedCounts,
} from './outcome.ts';
import type { Reporter, ReporterOptions, ScanResult } from './reporter.ts';
import { block, oneLine } from './text.ts';

/**
 * The human report: what people see first, so it favours reading over parsing. Findings are
 * grouped by file (like trivy/tfsec), each with where, how bad, what, why and how to fix;
 * problems reading inputs are listed apart so they are never mistaken for findings.
 */
type Colors = ReturnType<typeof picocolors.createColors>;

const NO_FILE = '(no file)';

export const tableReporter: Reporter = {
  format: 'table',
  fileExtension: 'txt',
  render(result: ScanResult, options: ReporterOptions): string {
    const c = picocolors.createColors(options.color);
    const findings = sortedFindings(result.findings);
    const issues = findings.filter((f) => f.kind === 'violation' || f.kind === 'expired-waiver');
    const parseErrors = findings.filter((f) => f.kind === 'parse-error');
    const ruleErrors = findings.filter((f) => f.kind === 'evaluation-error');
    const notices = findings.filter((f) => f.kind === 'notice');

    // Sections are joined, not spread into push(): one file can hold 100k+ lines.
    const sections: string[][] = [];
    if (issues.length === 0) sections.push([c.green('No findings.'), '']);
    for (const [file, group] of groupByFile(issues)) sections.push(renderFile(file, group, c));
    sections.push(renderProblems('Parse errors', 'PARSE ERROR', parseErrors, c.magenta, c));
    sections.push(renderProblems('Rule errors', 'RULE ERROR', ruleErrors, c.magenta, c));
    sections.push(renderProblems('Notices', 'NOTICE', notices, c.dim, c));
    sections.push(renderSummary(result, issues, { parseErrors, ruleErrors, notices }, c));
    return `${sections
      .map((lines) => lines.join('\n'))
      .filter((text) => text !== '')
      .join('\n')}\n`;
  },
};

/** Files sorted by path; findings without a file (key '') come last under their own heading. */
function groupByFile(findings: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.location.file ?? '';
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.entries()].sort(([a], [b]) => {
    if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function renderFile(file: string, findings: readonly Finding[], c: Colors): string[] {
  const where = findings.map(position);
  const width = where.reduce((max, w) => Math.max(max, w.length), 0);
  const indent = ' '.repeat(2 + width + 2);
  const lines = [c.bold(c.underline(file === '' ? NO_FILE : oneLine(file)))];
  findings.forEach((f, i) => {
    lines.push(
      `  ${c.dim((where[i] ?? '').padEnd(width))}  ${paint(f.severity, f.severity.toUpperCase().padEnd(8), c)}  ${c.bold(oneLine(f.ruleId))}  ${oneLine(f.message || f.title)}`,
    );
    if (f.location.resource)
      lines.push(`${indent}${c.dim('resource:')} ${oneLine(describeResource(f.location.resource))}`);
    if (f.why) lines.push(`${indent}${c.dim('why:')} ${block(f.why, `${indent}     `)}`);
    if (f.fix) lines.push(`${indent}${c.dim('fix:')} ${block(f.fix, `${indent}     `)}`);
    const ref = f.references[0];
    if (ref) lines.push(`${indent}${c.dim('see:')} ${oneLine(ref)}`);
  });
  lines.push('');
  return lines;
}

function renderProblems(
  heading: string,
  label: string,
  findings: readonly Finding[],
  tint: (text: string) => string,
  c: Colors,
): string[] {
  if (findings.length === 0) return [];
  const lines = [c.bold(`${heading} (${findings.length})`)];
  for (const f of findings) {
    const where = [f.location.file, position(f)].filter((p) => p && p !== '-').join(':') || NO_FILE;
    const rule = f.kind === 'evaluation-error' ? `${c.bold(oneLine(f.ruleId))}  ` : '';
    lines.push(`  ${tint(label)}  ${oneLine(where)}  ${rule}${oneLine(withoutFilePrefix(f) || f.title)}`);
  }
  lines.push('');
  return lines;
}

function renderSummary(
  result: ScanResult,
  issues: readonly Finding[],
  problems: { parseErrors: readonly Finding[]; ruleErrors: readonly Finding[]; notices: readonly Finding[] },
  c: Colors,
): string[] {
  const counts = severityCounts(issues);
  const bySeverity = SEVERITIES.map((s) => {
    const text = `${counts[s]} ${s}`;
    return counts[s] > 0 ? paint(s, text, c) : c.dim(text);
  }).join(', ');
  const suppressed = suppressedCounts(result);
  const suppressedTotal = result.suppressed.length;
  const byKind = SUPPRESSION_KINDS.map((k) => `${suppressed[k]} ${k}`).join(', ');
  const problemText = [
    plural(problems.parseErrors.length, 'parse error'),
    plural(problems.ruleErrors.length, 'rule error'),
    plural(problems.notices.length, 'notice'),
  ].join(', ');
  const s = result.summary;
  const skipped = s.filesSkipped > 0 ? ` (${s.filesSkipped} skipped)` : '';
  const failing = failingFindings(result);
  const failingText = [
    plural(failing.filter((f) => f.kind === 'violation' || f.kind === 'expired-waiver').length, 'finding'),
    plural(failing.filter((f) => f.kind === 'parse-error').length, 'parse error'),
    plural(failing.filter((f) => f.kind === 'evaluation-error').length, 'rule error'),
  ]
    .filter((text) => !text.startsWith('0 '))
    .join(' and ');
  const verdict =
    failing.length > 0
      ? c.bold(c.red(`FAIL: ${failingText} at or above ${result.failOn} (--fail-on ${result.failOn})`))
      : c.bold(c.green(`PASS: nothing at or above ${result.failOn} (--fail-on ${result.failOn})`));
  return [
    c.bold('Summary'),
    `  findings    ${bySeverity} (${issues.length} total)`,
    `  suppressed  ${suppressedTotal} (${byKind})`,
    `  problems    ${problemText}`,
    `  scanned     ${oneLine(result.target)}: ${plural(s.filesScanned, 'file')}${skipped}, ${plural(s.documents, 'document')}, ${plural(s.rulesEvaluated, 'rule')} in ${duration(s.durationMs)}`,
    `  result      ${verdict}`,
  ];
}

/** Scan messages often start with `file: `; the line already shows where, so say it once. */
function withoutFilePrefix(f: Finding): string {
  const prefix = f.location.file ? `${f.location.file}: ` : undefined;
  return prefix && f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message;
}

/** `12:5`, `12` when the column is unknown, `-` for findings on a whole file or resource. */
function position(f: Finding): string {
  const start = f.location.range?.start;
  if (!start) return '-';
  return start.column > 0 ? `${start.line}:${start.column}` : `${start.line}`;
}

function describeResource(r: ResourceRef): string {
  const name = r.namespace ? `${r.namespace}/${r.name}` : r.name;
  const base = `${r.kind} ${name}`;
  return r.address && r.address !== r.name ? `${base} (${r.address})` : base;
}

function paint(severity: Severity, text: string, c: Colors): string {
  switch (severity) {
    case 'critical':
      return c.bold(c.red(text));
    case 'high':
      return c.red(text);
    case 'medium':
      return c.yellow(text);
    case 'low':
      return c.cyan(text);
    case 'info':
      return c.dim(text);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

import type { Finding } from '../core/finding.ts';
import type { FrameworkMappings } from '../core/framework.ts';
import type { Location } from '../core/location.ts';
import type { RuleMetadata } from '../core/rule.ts';
import { SEVERITIES } from '../core/severity.ts';
import {
  compareText,
  failingFindings,
  sortedFindings,
  sortedSuppressed,
  suppressedCounts,
} from './outcome.ts';
import type { Reporter, ScanResult, SuppressedFinding } from './reporter.ts';

/**
 * The machine-readable report, version 1. Its shape is documented in docs/reports.md and
 * described by docs/schemas/rampart-report-v1.json; every field is written out explicitly so
 * nothing undocumented can leak in from the runtime objects. Removing or renaming a field means
 * version 2; adding an optional field does not.
 */
export const JSON_REPORT_VERSION = '1';
export const JSON_REPORT_SCHEMA = 'https://rampart.dev/schemas/rampart-report-v1.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const jsonReporter: Reporter = {
  format: 'json',
  fileExtension: 'json',
  render(result: ScanResult): string {
    return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
  },
};

export function toJsonReport(result: ScanResult): Json {
  const suppressed = suppressedCounts(result);
  return {
    $schema: JSON_REPORT_SCHEMA,
    version: JSON_REPORT_VERSION,
    tool: { name: result.tool.name, version: result.tool.version },
    target: result.target,
    startedAt: result.startedAt,
    summary: {
      filesScanned: result.summary.filesScanned,
      filesSkipped: result.summary.filesSkipped,
      documents: result.summary.documents,
      rulesEvaluated: result.summary.rulesEvaluated,
      durationMs: result.summary.durationMs,
      bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, result.summary.bySeverity[s] ?? 0])),
      findings: result.findings.length,
      suppressed: { total: result.suppressed.length, ...suppressed },
      failOn: result.failOn,
      failed: failingFindings(result).length > 0,
    },
    findings: sortedFindings(result.findings).map(findingJson),
    suppressed: sortedSuppressed(result.suppressed).map(suppressedJson),
    rules: [...result.rules].sort((a, b) => compareText(a.id, b.id)).map(ruleJson),
  };
}

function findingJson(f: Finding): Json {
  return {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    kind: f.kind,
    message: f.message,
    location: locationJson(f.location),
    why: f.why,
    fix: f.fix,
    references: [...f.references],
    frameworks: frameworksJson(f.frameworks),
    tags: [...f.tags],
    analyzer: f.analyzer,
    fingerprint: f.fingerprint,
  };
}

function locationJson(location: Location): Json {
  const out: { [key: string]: Json } = {};
  if (location.file !== undefined) out.file = location.file;
  if (location.range) {
    const { start, end } = location.range;
    out.range = {
      start: { line: start.line, column: start.column },
      end: { line: end.line, column: end.column },
    };
  }
  if (location.resource) {
    const r = location.resource;
    const resource: { [key: string]: Json } = { kind: r.kind, name: r.name };
    if (r.namespace !== undefined) resource.namespace = r.namespace;
    if (r.address !== undefined) resource.address = r.address;
    out.resource = resource;
  }
  return out;
}

function suppressedJson(s: SuppressedFinding): Json {
  const out: { [key: string]: Json } = { by: s.by, reason: s.reason };
  if (s.expires !== undefined) out.expires = s.expires;
  if (s.owner !== undefined) out.owner = s.owner;
  out.finding = findingJson(s.finding);
  return out;
}

function ruleJson(rule: RuleMetadata): Json {
  const aliases: { [key: string]: Json } = {};
  for (const [tool, ids] of Object.entries(rule.aliases))
    aliases[tool] = typeof ids === 'string' ? ids : [...ids];
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    description: rule.description,
    why: rule.why,
    fix: rule.fix,
    references: [...rule.references],
    frameworks: frameworksJson(rule.frameworks),
    aliases,
    tags: [...rule.tags],
  };
}

function frameworksJson(frameworks: FrameworkMappings): Json {
  const out: { [key: string]: Json } = {};
  for (const [id, controls] of Object.entries(frameworks)) if (controls) out[id] = [...controls];
  return out;
}

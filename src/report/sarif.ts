import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  Invocation,
  Log,
  LogicalLocation,
  Notification,
  Region,
  ReportingDescriptor,
  Result,
  Run,
  Location as SarifLocation,
  Suppression,
} from 'sarif';
import type { Finding } from '../core/finding.ts';
import { FRAMEWORKS, type FrameworkMappings, isFrameworkId } from '../core/framework.ts';
import type { Location } from '../core/location.ts';
import type { RuleMetadata } from '../core/rule.ts';
import type { Severity } from '../core/severity.ts';
import { compareText, failingFindings, sortedFindings, sortedSuppressed } from './outcome.ts';
import type { Reporter, ScanResult, SuppressedFinding } from './reporter.ts';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Violations (and expired waivers)
 * are results; parse errors, rule errors and notices are tool execution notifications, because
 * they say what the tool could not analyse rather than what is wrong with the code.
 */
export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const TOOL_INFORMATION_URI = 'https://rampart.dev';
const SRCROOT = '%SRCROOT%';
const FINGERPRINT_KEY = 'rampartFingerprint/v1';

/** GitHub ranks alerts by this CVSS-like score (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0). */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export function sarifLevel(severity: Severity): Result.level {
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'medium' ? 'warning' : 'note';
}

export const sarifReporter: Reporter = {
  format: 'sarif',
  fileExtension: 'sarif',
  render(result: ScanResult): string {
    return `${JSON.stringify(toSarif(result), null, 2)}\n`;
  },
};

export function toSarif(result: ScanResult): Log {
  const findings = sortedFindings(result.findings);
  const asResults = findings.filter(isResultKind);
  const asNotifications = findings.filter((f) => !isResultKind(f));
  const suppressed = sortedSuppressed(result.suppressed);

  const descriptors = ruleDescriptors(result.rules, [...asResults, ...suppressed.map((s) => s.finding)]);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));

  const run: Run = {
    tool: {
      driver: {
        name: 'Rampart',
        version: result.tool.version,
        semanticVersion: result.tool.version,
        informationUri: TOOL_INFORMATION_URI,
        rules: descriptors,
      },
    },
    invocations: [invocation(result, asNotifications, index)],
    columnKind: 'utf16CodeUnits',
    results: [
      ...asResults.map((f) => toResult(f, index)),
      ...suppressed.map((s) => ({ ...toResult(s.finding, index), suppressions: [toSuppression(s)] })),
    ],
    properties: {
      target: result.target,
      failOn: result.failOn,
      failed: failingFindings(result).length > 0,
    },
  };
  // SARIF wants an absolute URI for a base id; a relative target leaves %SRCROOT% to the viewer
  // (GitHub resolves it to the repository root).
  if (isAbsolute(result.target)) {
    const uri = pathToFileURL(result.target).href;
    run.originalUriBaseIds = { [SRCROOT]: { uri: uri.endsWith('/') ? uri : `${uri}/` } };
  }
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

function isResultKind(f: Finding): boolean {
  return f.kind === 'violation' || f.kind === 'expired-waiver';
}

/** Every rule that ran, plus a descriptor for any result whose rule is not among them. */
function ruleDescriptors(
  rules: readonly RuleMetadata[],
  findings: readonly Finding[],
): ReportingDescriptor[] {
  const byId = new Map<string, RuleMetadata>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  for (const f of findings) if (!byId.has(f.ruleId)) byId.set(f.ruleId, ruleFromFinding(f));
  return [...byId.values()].sort((a, b) => compareText(a.id, b.id)).map(toDescriptor);
}

function ruleFromFinding(f: Finding): RuleMetadata {
  return {
    id: f.ruleId,
    title: f.title,
    severity: f.severity,
    description: '',
    why: f.why,
    fix: f.fix,
    references: f.references,
    frameworks: f.frameworks,
    aliases: {},
    tags: f.tags,
  };
}

function toDescriptor(rule: RuleMetadata): ReportingDescriptor {
  const title = rule.title || rule.id;
  const descriptor: ReportingDescriptor = {
    id: rule.id,
    name: pascalCase(title) || rule.id,
    shortDescription: { text: title },
    fullDescription: { text: rule.description || title },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags: unique(['security', ...rule.tags, ...frameworkTags(rule.frameworks)]),
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      ...(Object.keys(rule.aliases).length > 0 ? { aliases: rule.aliases } : {}),
    },
  };
  const helpUri = rule.references.find((r) => URL.canParse(r));
  if (helpUri) descriptor.helpUri = helpUri;
  return descriptor;
}

function helpText(rule: RuleMetadata): string {
  const parts = [rule.description, rule.why && `Why: ${rule.why}`, rule.fix && `Fix: ${rule.fix}`];
  const controls = frameworkNames(rule.frameworks);
  if (controls.length > 0) parts.push(`Compliance: ${controls.join('; ')}`);
  if (rule.references.length > 0)
    parts.push(`References:\n${rule.references.map((r) => `- ${r}`).join('\n')}`);
  return parts.filter(Boolean).join('\n\n') || rule.title || rule.id;
}

function helpMarkdown(rule: RuleMetadata): string {
  const parts = [rule.description, rule.why && `**Why:** ${rule.why}`, rule.fix && `**Fix:** ${rule.fix}`];
  const controls = frameworkNames(rule.frameworks);
  if (controls.length > 0) parts.push(`**Compliance:** ${controls.join('; ')}`);
  if (rule.references.length > 0) {
    parts.push(`**References**\n\n${rule.references.map((r) => `- <${r}>`).join('\n')}`);
  }
  return parts.filter(Boolean).join('\n\n') || rule.title || rule.id;
}

/** `cis-kubernetes/5.2.1`: searchable tags in GitHub's alert list. */
function frameworkTags(frameworks: FrameworkMappings): string[] {
  return Object.entries(frameworks).flatMap(([id, controls]) => (controls ?? []).map((c) => `${id}/${c}`));
}

function frameworkNames(frameworks: FrameworkMappings): string[] {
  return Object.entries(frameworks)
    .filter(([, controls]) => controls && controls.length > 0)
    .map(([id, controls]) => `${isFrameworkId(id) ? FRAMEWORKS[id] : id} ${(controls ?? []).join(', ')}`);
}

function toResult(f: Finding, index: ReadonlyMap<string, number>): Result {
  const result: Result = {
    ruleId: f.ruleId,
    level: sarifLevel(f.severity),
    message: { text: f.message || f.title || f.ruleId },
    locations: toLocations(f.location),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: { severity: f.severity, kind: f.kind, analyzer: f.analyzer },
  };
  const ruleIndex = index.get(f.ruleId);
  if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
  return result;
}

function toLocations(location: Location): SarifLocation[] {
  const out: SarifLocation = {};
  if (location.file !== undefined) {
    out.physicalLocation = {
      artifactLocation: { uri: relativeUri(location.file), uriBaseId: SRCROOT },
      region: toRegion(location),
    };
  }
  if (location.resource) out.logicalLocations = [toLogicalLocation(location)];
  return out.physicalLocation || out.logicalLocations ? [out] : [];
}

/**
 * GitHub code scanning needs `region.startLine` on every result, so a finding about a whole file
 * is anchored at line 1.
 */
function toRegion(location: Location): Region {
  const range = location.range;
  if (!range) return { startLine: 1 };
  const { start, end } = range;
  const startLine = Math.max(1, start.line);
  const region: Region = { startLine };
  if (start.column >= 1) region.startColumn = start.column;
  if (end.line >= startLine) {
    region.endLine = end.line;
    const sameLine = end.line === startLine;
    if (end.column >= 1 && (!sameLine || end.column >= (region.startColumn ?? 1)))
      region.endColumn = end.column;
  }
  return region;
}

function toLogicalLocation(location: Location): LogicalLocation {
  const r = location.resource;
  if (!r) return {};
  const qualified = r.address ?? [r.kind, r.namespace, r.name].filter(Boolean).join('/');
  return {
    name: r.name,
    fullyQualifiedName: qualified,
    kind: 'resource',
    properties: { resourceKind: r.kind },
  };
}

/** Percent-encode each segment (spaces, `#`, `%`) but keep the slashes: a relative URI reference. */
function relativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function toSuppression(s: SuppressedFinding): Suppression {
  const suppression: Suppression = {
    kind: s.by === 'inline' ? 'inSource' : 'external',
    status: 'accepted',
    justification: s.reason,
    properties: { by: s.by },
  };
  if (s.expires !== undefined) suppression.properties = { ...suppression.properties, expires: s.expires };
  if (s.owner !== undefined) suppression.properties = { ...suppression.properties, owner: s.owner };
  return suppression;
}

function invocation(
  result: ScanResult,
  problems: readonly Finding[],
  index: ReadonlyMap<string, number>,
): Invocation {
  const started = Date.parse(result.startedAt);
  const times = Number.isNaN(started)
    ? {}
    : {
        startTimeUtc: new Date(started).toISOString(),
        endTimeUtc: new Date(started + Math.max(0, result.summary.durationMs)).toISOString(),
      };
  return {
    executionSuccessful: true,
    ...times,
    toolExecutionNotifications: problems.map((f) => toNotification(f, index)),
  };
}

function toNotification(f: Finding, index: ReadonlyMap<string, number>): Notification {
  const notification: Notification = {
    level: f.kind === 'notice' ? 'note' : 'error',
    message: { text: f.message || f.title || f.ruleId },
    descriptor: { id: f.ruleId },
    properties: { kind: f.kind, severity: f.severity },
  };
  const locations = toLocations(f.location);
  if (locations.length > 0) notification.locations = locations;
  const ruleIndex = index.get(f.ruleId);
  // A rule that failed to evaluate is one of ours: point at its descriptor.
  if (f.kind === 'evaluation-error') {
    notification.associatedRule =
      ruleIndex === undefined ? { id: f.ruleId } : { id: f.ruleId, index: ruleIndex };
  }
  return notification;
}

function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

import type { Finding } from '../core/finding.ts';
import type { ResourceRef } from '../core/location.ts';
import type { RuleMetadata } from '../core/rule.ts';
import { compareText, sortedFindings, sortedSuppressed } from './outcome.ts';
import type { Reporter, ScanResult, SuppressedFinding } from './reporter.ts';
import { element, escapeText, openTag } from './xml.ts';

/**
 * JUnit XML for CI test tabs (GitLab `artifacts:reports:junit`, Jenkins `junit`). One testsuite
 * per rule, so the CI view reads "rule → where it failed", and Jenkins groups by classname = rule
 * id. Each finding is a failing testcase; a rule that ran and found nothing is one passing
 * testcase, so the test count means "checks that ran". Suppressed findings are skipped cases
 * (with the reason); a rule that failed to evaluate is an error case in its own suite. Parse
 * errors and notices go to a last suite, `rampart inputs`, as errors and skipped cases, so they
 * are never counted as policy failures.
 */
export const junitReporter: Reporter = {
  format: 'junit',
  fileExtension: 'xml',
  render(result: ScanResult): string {
    const suites = [...ruleSuites(result), inputSuite(result)].filter((s) => s.cases.length > 0);
    const totals = count(suites.flatMap((s) => s.cases));
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `${openTag('testsuites', {
        name: 'rampart',
        tests: totals.tests,
        failures: totals.failures,
        errors: totals.errors,
        skipped: totals.skipped,
        time: seconds(result.summary.durationMs),
        timestamp: timestamp(result.startedAt),
      })}>`,
    ];
    // A loop, not push(...): one rule can have 100k+ cases, too many for spread arguments.
    for (const suite of suites) for (const line of renderSuite(suite, result)) lines.push(line);
    lines.push('</testsuites>');
    return `${lines.join('\n')}\n`;
  },
};

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly file?: string;
  readonly line?: number;
  readonly outcome: Outcome;
  /** Attributes and body of the failure/error/skipped element. */
  readonly message?: string;
  readonly type?: string;
  readonly details?: string;
}

interface Suite {
  readonly name: string;
  readonly properties: readonly (readonly [string, string])[];
  readonly cases: readonly TestCase[];
}

function ruleSuites(result: ScanResult): Suite[] {
  const policy = sortedFindings(result.findings).filter(
    (f) => f.kind === 'violation' || f.kind === 'expired-waiver' || f.kind === 'evaluation-error',
  );
  // Cases grouped by rule in one pass: scans can have thousands of rules and findings.
  const cases = new Map<string, TestCase[]>();
  const meta = new Map<string, RuleMetadata | Finding>();
  for (const rule of result.rules) if (!meta.has(rule.id)) meta.set(rule.id, rule);
  const add = (finding: Finding, testCase: TestCase) => {
    if (!meta.has(finding.ruleId)) meta.set(finding.ruleId, finding);
    const list = cases.get(finding.ruleId);
    if (list) list.push(testCase);
    else cases.set(finding.ruleId, [testCase]);
  };
  for (const f of policy) add(f, findingCase(f));
  for (const s of sortedSuppressed(result.suppressed)) add(s.finding, suppressedCase(s));

  return [...meta.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([id, rule]) => {
      const ruleCases = cases.get(id) ?? [];
      // Nothing failed or errored: the rule ran clean, which is a passing test.
      if (ruleCases.every((c) => c.outcome === 'skipped')) {
        ruleCases.unshift({ classname: id, name: `${id}: no findings`, outcome: 'passed' });
      }
      return { name: `${id} ${rule.title}`.trim(), properties: ruleProperties(rule), cases: ruleCases };
    });
}

function ruleProperties(meta: RuleMetadata | Finding): [string, string][] {
  const frameworks = Object.entries(meta.frameworks)
    .flatMap(([id, controls]) => (controls ?? []).map((c) => `${id}/${c}`))
    .join(' ');
  const props: [string, string][] = [['severity', meta.severity]];
  if (frameworks) props.push(['frameworks', frameworks]);
  return props;
}

function inputSuite(result: ScanResult): Suite {
  const problems = sortedFindings(result.findings).filter(
    (f) => f.kind === 'parse-error' || f.kind === 'notice',
  );
  return {
    name: 'rampart inputs',
    properties: [],
    cases: problems.map((f) => ({
      classname: f.ruleId,
      name: where(f),
      ...fileAndLine(f),
      outcome: f.kind === 'notice' ? 'skipped' : 'error',
      message: f.message || f.title,
      type: f.kind,
      details: f.kind === 'notice' ? undefined : details(f),
    })),
  };
}

function findingCase(f: Finding): TestCase {
  return {
    classname: f.ruleId,
    name: where(f),
    ...fileAndLine(f),
    outcome: f.kind === 'evaluation-error' ? 'error' : 'failure',
    message: f.message || f.title,
    type: f.kind === 'evaluation-error' ? f.kind : f.severity,
    details: details(f),
  };
}

function suppressedCase(s: SuppressedFinding): TestCase {
  const extra = [s.expires && `expires ${s.expires}`, s.owner && `owner ${s.owner}`]
    .filter(Boolean)
    .join(', ');
  return {
    classname: s.finding.ruleId,
    name: where(s.finding),
    ...fileAndLine(s.finding),
    outcome: 'skipped',
    message: `suppressed (${s.by}): ${s.reason}${extra ? ` (${extra})` : ''}`,
  };
}

/** `k8s/deploy.yaml:22:13 Deployment prod/web`: unique enough to tell cases apart in a CI view. */
function where(f: Finding): string {
  const start = f.location.range?.start;
  const file = f.location.file
    ? [f.location.file, start?.line, start && start.column > 0 ? start.column : undefined]
        .filter((p) => p !== undefined)
        .join(':')
    : '';
  const resource = f.location.resource ? describeResource(f.location.resource) : '';
  return [file, resource].filter(Boolean).join(' ') || f.ruleId;
}

function fileAndLine(f: Finding): { file?: string; line?: number } {
  const out: { file?: string; line?: number } = {};
  if (f.location.file !== undefined) out.file = f.location.file;
  if (f.location.range) out.line = f.location.range.start.line;
  return out;
}

function describeResource(r: ResourceRef): string {
  return r.address ?? `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** The body CI shows when the case is opened: the same facts as the table report. */
function details(f: Finding): string {
  return [
    `${f.severity.toUpperCase()} ${f.ruleId} ${f.title}`.trim(),
    where(f),
    f.message,
    f.why && `Why: ${f.why}`,
    f.fix && `Fix: ${f.fix}`,
    ...f.references.map((r) => `See: ${r}`),
  ]
    .filter(Boolean)
    .join('\n');
}

function renderSuite(suite: Suite, result: ScanResult): string[] {
  const totals = count(suite.cases);
  const lines = [
    `  ${openTag('testsuite', {
      name: suite.name,
      tests: totals.tests,
      failures: totals.failures,
      errors: totals.errors,
      skipped: totals.skipped,
      timestamp: timestamp(result.startedAt),
    })}>`,
  ];
  if (suite.properties.length > 0) {
    lines.push('    <properties>');
    for (const [name, value] of suite.properties) lines.push(`      ${element('property', { name, value })}`);
    lines.push('    </properties>');
  }
  for (const c of suite.cases) lines.push(`    ${renderCase(c)}`);
  lines.push('  </testsuite>');
  return lines;
}

function renderCase(c: TestCase): string {
  const attrs = { classname: c.classname, name: c.name, file: c.file, line: c.line };
  if (c.outcome === 'passed') return element('testcase', attrs);
  const body = c.details === undefined ? undefined : escapeText(c.details);
  return element('testcase', attrs, element(c.outcome, { message: c.message, type: c.type }, body));
}

function count(cases: readonly TestCase[]): {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
} {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome === 'failure').length,
    errors: cases.filter((c) => c.outcome === 'error').length,
    skipped: cases.filter((c) => c.outcome === 'skipped').length,
  };
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** JUnit's schema wants a local ISO 8601 time without zone; the scan's start, never the clock. */
function timestamp(startedAt: string): string | undefined {
  const ms = Date.parse(startedAt);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 19);
}

import { isFrameworkId } from '../core/framework.ts';
import { isSeverity, type Severity } from '../core/severity.ts';
import { invalid } from './errors.ts';
import type { RuleInfo, Upload, UploadedFinding } from './types.ts';

/** Kinds of report findings that are security findings; parse errors and notices are scan problems. */
const TRACKED_KINDS = new Set(['violation', 'expired-waiver']);
const MAX_FINDINGS = 200_000;
const MAX_TEXT = 4096;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(
  value: unknown,
  field: string,
  options: { optional?: boolean; max?: number } = {},
): string | undefined {
  if (value === undefined && options.optional) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw invalid(field, 'must be a non-empty string');
  if (value.length > (options.max ?? MAX_TEXT))
    throw invalid(field, `is longer than ${options.max ?? MAX_TEXT} characters`);
  return value;
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(field, 'must be an array');
  return value;
}

/**
 * Validates an upload body: `{service, commit?, branch?, full?, analyzers?, report}` where
 * `report` is a `rampart scan --format json` report (docs/reports.md). Errors name the field
 * (`body.report.findings[3].severity`). Never trusts shapes: any JSON value is safe to pass.
 */
export function parseUpload(body: unknown): Upload {
  if (!isObject(body)) throw invalid('body', 'must be a JSON object');
  const service = text(body.service, 'body.service', { max: 200 }) as string;
  const commit = text(body.commit, 'body.commit', { optional: true, max: 200 });
  const branch = text(body.branch, 'body.branch', { optional: true, max: 500 });
  if (body.full !== undefined && typeof body.full !== 'boolean')
    throw invalid('body.full', 'must be a boolean');
  const report = body.report;
  if (!isObject(report)) throw invalid('body.report', 'must be a rampart JSON report object');
  if (report.version !== '1') throw invalid('body.report.version', 'must be "1" (rampart-report-v1)');
  const target = text(report.target, 'body.report.target') as string;

  const findings = array(report.findings, 'body.report.findings');
  if (findings.length > MAX_FINDINGS)
    throw invalid('body.report.findings', `has more than ${MAX_FINDINGS} entries`);
  const tracked: UploadedFinding[] = [];
  const seen = new Set<string>();
  findings.forEach((raw, i) => {
    const f = parseFinding(raw, `body.report.findings[${i}]`);
    // One fingerprint per service: a report listing it twice is the same finding.
    if (f && !seen.has(f.fingerprint)) {
      seen.add(f.fingerprint);
      tracked.push(f);
    }
  });

  const suppressed = array(report.suppressed ?? [], 'body.report.suppressed').map((raw, i) => {
    const field = `body.report.suppressed[${i}].finding.fingerprint`;
    const finding = isObject(raw) ? raw.finding : undefined;
    return text(isObject(finding) ? finding.fingerprint : undefined, field, { max: 200 }) as string;
  });

  const rules = array(report.rules ?? [], 'body.report.rules').map((raw, i) =>
    parseRule(raw, `body.report.rules[${i}]`),
  );

  // Declared analyzers cover all their rules (even ones the report does not list); by default
  // only the rules the report lists are covered.
  const analyzers =
    body.analyzers === undefined
      ? []
      : array(body.analyzers, 'body.analyzers').map(
          (a, i) => text(a, `body.analyzers[${i}]`, { max: 100 }) as string,
        );

  return {
    service,
    ...(commit !== undefined ? { commit } : {}),
    ...(branch !== undefined ? { branch } : {}),
    target,
    full: body.full ?? true,
    analyzers: [...new Set(analyzers)].sort(),
    rules,
    findings: tracked,
    suppressed,
  };
}

function parseFinding(raw: unknown, field: string): UploadedFinding | undefined {
  if (!isObject(raw)) throw invalid(field, 'must be an object');
  if (typeof raw.kind === 'string' && !TRACKED_KINDS.has(raw.kind)) return undefined;
  const fingerprint = text(raw.fingerprint, `${field}.fingerprint`, { max: 200 }) as string;
  const ruleId = text(raw.ruleId, `${field}.ruleId`, { max: 200 }) as string;
  if (!isSeverity(raw.severity))
    throw invalid(`${field}.severity`, 'must be critical, high, medium, low or info');
  const title = text(raw.title, `${field}.title`) as string;
  const analyzer =
    typeof raw.analyzer === 'string' && raw.analyzer !== '' ? raw.analyzer.slice(0, 100) : 'unknown';
  const location = isObject(raw.location) ? raw.location : {};
  const file = typeof location.file === 'string' ? location.file.slice(0, MAX_TEXT) : undefined;
  const range = isObject(location.range) && isObject(location.range.start) ? location.range.start : undefined;
  const line = range && Number.isInteger(range.line) ? (range.line as number) : undefined;
  return {
    fingerprint,
    ruleId,
    severity: raw.severity,
    title,
    analyzer,
    ...(file !== undefined ? { file } : {}),
    ...(line !== undefined ? { line } : {}),
    data: raw,
  };
}

function parseRule(raw: unknown, field: string): RuleInfo {
  if (!isObject(raw)) throw invalid(field, 'must be an object');
  const id = text(raw.id, `${field}.id`, { max: 200 }) as string;
  const title = typeof raw.title === 'string' ? raw.title.slice(0, MAX_TEXT) : id;
  const severity: Severity = isSeverity(raw.severity) ? raw.severity : 'info';
  const frameworks: Record<string, string[]> = {};
  if (raw.frameworks !== undefined) {
    if (!isObject(raw.frameworks)) throw invalid(`${field}.frameworks`, 'must be an object of control lists');
    for (const [framework, controls] of Object.entries(raw.frameworks)) {
      // Unknown frameworks are kept out rather than refused: a newer scanner may know more.
      if (!isFrameworkId(framework)) continue;
      frameworks[framework] = array(controls, `${field}.frameworks.${framework}`).map(
        (c, i) => text(c, `${field}.frameworks.${framework}[${i}]`, { max: 200 }) as string,
      );
    }
  }
  return { id, title, severity, frameworks };
}

import type { Finding } from '../../core/finding.ts';
import { ruleFields } from '../../core/finding.ts';
import { fingerprint } from '../../core/fingerprint.ts';
import type { Location, ResourceRef, SourceRange } from '../../core/location.ts';
import type { InputDocument, ParseProblem } from '../../inputs/document.ts';
import type { CompiledRule } from '../types.ts';

export const ANALYZER = 'policy';
export const PARSE_RULE_ID = 'RMP-PARSE';

export function resourceOf(doc: InputDocument): ResourceRef {
  const ref: { -readonly [K in keyof ResourceRef]: ResourceRef[K] } = { kind: doc.kind, name: doc.name };
  if (doc.namespace !== undefined) ref.namespace = doc.namespace;
  if (doc.address !== undefined) ref.address = doc.address;
  return ref;
}

/** The resource part of a fingerprint: Terraform/CFN address, else kind/namespace/name. */
function resourceKey(doc: InputDocument): string {
  return doc.address ?? `${doc.kind}/${doc.namespace ?? ''}/${doc.name}`;
}

export function violation(
  rule: CompiledRule,
  doc: InputDocument,
  message: string,
  path: string,
  range: SourceRange,
  validationIndex: number,
): Finding {
  const location: Location = { file: doc.file, range, resource: resourceOf(doc) };
  // Spelled out instead of spreading ruleFields(): this runs for every violation of a scan.
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    kind: 'violation',
    message,
    location,
    why: rule.why,
    fix: rule.fix,
    references: rule.references,
    frameworks: rule.frameworks,
    tags: rule.tags,
    analyzer: ANALYZER,
    // Never the line: findings must keep their identity when unrelated lines move.
    fingerprint: fingerprint([rule.id, doc.file, resourceKey(doc), path, String(validationIndex)]),
  };
}

export function evaluationError(
  rule: CompiledRule,
  doc: InputDocument,
  field: string,
  error: string,
): Finding {
  const resource = resourceOf(doc);
  return {
    ...ruleFields(rule),
    severity: 'medium',
    kind: 'evaluation-error',
    message: `Rule ${rule.id} could not be evaluated on ${doc.file} (${doc.address ?? `${doc.kind} ${doc.name}`}): ${field}: ${error}`,
    location: { file: doc.file, range: doc.range, resource },
    why: `The rule failed with an error on this resource, so the resource was not checked by ${rule.id}.`,
    fix: `Fix the rule expression (${rule.source.file}:${rule.source.line}, field ${field}) or report the problem if it is a built-in rule.`,
    analyzer: ANALYZER,
    fingerprint: fingerprint([rule.id, doc.file, resourceKey(doc), 'evaluation-error', field]),
  };
}

export function parseErrorFinding(problem: ParseProblem): Finding {
  const location: Location = problem.range
    ? { file: problem.file, range: problem.range }
    : { file: problem.file };
  return {
    ruleId: PARSE_RULE_ID,
    title: 'File could not be parsed',
    severity: 'medium',
    kind: 'parse-error',
    message: `${problem.file}: ${problem.message}`,
    location,
    why: 'The file could not be read, so no policy rule checked it: any problem in it stays hidden.',
    fix: 'Fix the syntax error at the reported line, or exclude the file from the scan if it is not meant to be valid.',
    references: [],
    frameworks: {},
    tags: [],
    analyzer: ANALYZER,
    fingerprint: fingerprint([PARSE_RULE_ID, problem.file]),
  };
}

import picomatch from 'picomatch';
import type { Finding } from '../../core/finding.ts';
import type { InlineDirective, Waiver } from './types.ts';

/** `*` waives every rule; otherwise ids match exactly (they are stable and upper-case). */
export function ruleMatches(pattern: string, ruleId: string): boolean {
  return pattern === '*' || pattern === ruleId;
}

export function directiveCovers(directive: InlineDirective, finding: Finding): boolean {
  const line = finding.location.range?.start.line;
  if (line === undefined) return false;
  return (
    directive.rules.some((r) => ruleMatches(r, finding.ruleId)) &&
    directive.spans.some((s) => line >= s.start && line <= s.end)
  );
}

/** Compiled once per waiver: globs are not recompiled for every finding. */
export function waiverMatcher(waiver: Waiver): (finding: Finding) => boolean {
  const pathMatches = waiver.path ? picomatch(waiver.path, { dot: true }) : undefined;
  return (finding) => {
    if (!ruleMatches(waiver.rule, finding.ruleId)) return false;
    if (pathMatches && !pathMatches(finding.location.file ?? '')) return false;
    if (waiver.resource !== undefined && !resourceMatches(waiver.resource, finding)) return false;
    return true;
  };
}

/** `aws_s3_bucket.logs` (address), `Deployment/prod/web` or `Namespace/prod` (kind[/namespace]/name). */
function resourceMatches(wanted: string, finding: Finding): boolean {
  const r = finding.location.resource;
  if (!r) return false;
  if (r.address !== undefined && r.address === wanted) return true;
  const spelled = r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
  return spelled === wanted;
}

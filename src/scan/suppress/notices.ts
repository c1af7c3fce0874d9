import type { Finding } from '../../core/finding.ts';
import { scanFinding } from '../scan-finding.ts';
import type { InlineDirective, Waiver } from './types.ts';

const EXPIRED_WHY = 'An expired exception means the accepted risk was due for review; it is enforced again.';

export function expiredWaiverFinding(waiver: Waiver): Finding {
  const owner = waiver.owner ? `owner ${waiver.owner}` : 'no owner';
  const target = [waiver.path, waiver.resource].filter(Boolean).join(' ');
  return scanFinding({
    ruleId: 'RMP-WAIVER-EXPIRED',
    title: 'Expired waiver',
    severity: 'medium',
    kind: 'expired-waiver',
    message: `waiver for ${waiver.rule} on ${target} at ${waiver.file}:${waiver.line} (${owner}) expired on ${waiver.expires}; it no longer suppresses`,
    file: waiver.file,
    line: waiver.line,
    why: EXPIRED_WHY,
    fix: 'Fix the finding, or renew the waiver with a new expires date and a current reason.',
    key: `${waiver.line}`,
  });
}

export function expiredInlineFinding(file: string, directive: InlineDirective): Finding {
  return scanFinding({
    ruleId: 'RMP-WAIVER-EXPIRED',
    title: 'Expired waiver',
    severity: 'medium',
    kind: 'expired-waiver',
    message: `inline ignore of ${directive.rules.join(',')} at ${file}:${directive.line} expired on ${directive.until}; it no longer suppresses`,
    file,
    line: directive.line,
    why: EXPIRED_WHY,
    fix: 'Fix the finding, or move the until= date with a current reason.',
    key: `${directive.line}`,
  });
}

export function invalidInlineFinding(file: string, directive: InlineDirective): Finding {
  return scanFinding({
    ruleId: 'RMP-IGNORE-INVALID',
    title: 'Invalid inline ignore',
    severity: 'low',
    kind: 'notice',
    message: `${file}:${directive.line}: rampart:ignore ${directive.problem}`,
    file,
    line: directive.line,
    why: 'An ignore that cannot be read, or gives no reason, does not suppress anything.',
    fix: 'Write `# rampart:ignore RULE-ID reason="why this is acceptable" until=YYYY-MM-DD`.',
    key: `${directive.line}`,
  });
}

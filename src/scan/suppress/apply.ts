import type { Finding } from '../../core/finding.ts';
import type { VexStatement } from '../../deps/vex/types.ts';
import type { SuppressedFinding } from '../../report/reporter.ts';
import type { ScanFile } from '../analyzer.ts';
import { baselinable } from './baseline.ts';
import { isExpired } from './date.ts';
import { fileMayHoldInlineDirectives, parseInlineDirectives } from './inline.ts';
import { directiveCovers, waiverMatcher } from './matchers.ts';
import { expiredInlineFinding, expiredWaiverFinding, invalidInlineFinding } from './notices.ts';
import type { InlineDirective, Waiver } from './types.ts';
import { vexMatcher } from './vex.ts';

export interface SuppressionSources {
  /** Scanned files: their `rampart:ignore` comments are read here. */
  readonly files: readonly ScanFile[];
  readonly waivers: readonly Waiver[];
  /** Fingerprints accepted by a baseline. */
  readonly baseline?: ReadonlySet<string>;
  /** Statements of `--vex` / config `vex:` files (OpenVEX, CycloneDX VEX). */
  readonly vex?: readonly VexStatement[];
  /** YYYY-MM-DD; injected so expiry is testable. */
  readonly today: string;
}

export interface SuppressionOutcome {
  /** Findings still reported, plus findings about expired or invalid suppressions. */
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
}

/**
 * THE suppression path (CLI, server and LSP all call this): inline comments first, then the
 * waivers file, then VEX statements (dependency findings only), then the baseline. Expired or invalid suppressions never suppress and are
 * reported, so an exception cannot outlive its date unnoticed.
 */
export function applySuppressions(
  findings: readonly Finding[],
  sources: SuppressionSources,
): SuppressionOutcome {
  const extra: Finding[] = [];
  const directives = new Map<string, InlineDirective[]>();
  for (const file of sources.files) {
    if (!fileMayHoldInlineDirectives(file)) continue;
    const active: InlineDirective[] = [];
    for (const d of parseInlineDirectives(file.path, file.content)) {
      if (d.problem) extra.push(invalidInlineFinding(file.path, d));
      else if (isExpired(d.until, sources.today)) extra.push(expiredInlineFinding(file.path, d));
      else active.push(d);
    }
    if (active.length > 0) directives.set(file.path, active);
  }
  const waivers: { waiver: Waiver; matches: (f: Finding) => boolean }[] = [];
  for (const waiver of sources.waivers) {
    if (isExpired(waiver.expires, sources.today)) extra.push(expiredWaiverFinding(waiver));
    else waivers.push({ waiver, matches: waiverMatcher(waiver) });
  }

  const vex = vexMatcher(sources.vex ?? []);

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const inline = directives.get(finding.location.file ?? '')?.find((d) => directiveCovers(d, finding));
    if (inline) {
      suppressed.push({
        finding,
        by: 'inline',
        reason: inline.reason ?? '',
        ...(inline.until ? { expires: inline.until } : {}),
      });
      continue;
    }
    const waiver = waivers.find((w) => w.matches(finding))?.waiver;
    if (waiver) {
      suppressed.push({
        finding,
        by: 'waiver',
        reason: waiver.reason,
        ...(waiver.expires ? { expires: waiver.expires } : {}),
        ...(waiver.owner ? { owner: waiver.owner } : {}),
      });
      continue;
    }
    const statement = vex(finding);
    if (statement) {
      suppressed.push({
        finding,
        by: 'vex',
        reason: `${statement.status}${statement.justification ? `: ${statement.justification}` : ''} (${statement.file})`,
      });
      continue;
    }
    if (sources.baseline?.has(finding.fingerprint) && baselinable(finding)) {
      suppressed.push({ finding, by: 'baseline', reason: 'accepted in baseline' });
      continue;
    }
    kept.push(finding);
  }
  return { findings: [...kept, ...extra], suppressed };
}

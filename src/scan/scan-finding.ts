import type { Finding, FindingKind } from '../core/finding.ts';
import { fingerprint } from '../core/fingerprint.ts';
import type { Severity } from '../core/severity.ts';

/** What the scan itself (not an analyzer) reports: skipped files, expired or invalid waivers. */
export interface ScanFindingInit {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly kind: FindingKind;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly why: string;
  readonly fix: string;
  /** Extra identity for the fingerprint when file + rule are not unique (a waiver's line…). */
  readonly key?: string;
}

export function scanFinding(init: ScanFindingInit): Finding {
  const location =
    init.line === undefined
      ? init.file === undefined
        ? {}
        : { file: init.file }
      : {
          file: init.file,
          range: { start: { line: init.line, column: 1 }, end: { line: init.line, column: 1 } },
        };
  return {
    ruleId: init.ruleId,
    title: init.title,
    severity: init.severity,
    kind: init.kind,
    message: init.message,
    location,
    why: init.why,
    fix: init.fix,
    references: [],
    frameworks: {},
    tags: [],
    analyzer: 'scan',
    fingerprint: fingerprint([init.ruleId, init.file, init.key]),
  };
}

/** A file the scan did not analyze: reported so nothing is silently lost. */
export function skippedNotice(file: string, reason: string): Finding {
  return scanFinding({
    ruleId: 'RMP-SKIPPED',
    title: 'File skipped',
    severity: 'info',
    kind: 'notice',
    message: `${file}: skipped: ${reason}`,
    file,
    why: 'Rampart did not analyze this file, so problems in it would go unreported.',
    fix: 'If the file should be scanned, raise --max-file-size or fix its permissions; otherwise exclude it.',
    key: reason,
  });
}

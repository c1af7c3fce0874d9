import type { Finding } from '../../core/finding.ts';
import { fingerprint } from '../../core/fingerprint.ts';
import type { ResourceRef } from '../../core/location.ts';

/** A violation built by hand for suppression and pipeline tests (no analyzer needed). */
export function testFinding(ruleId: string, file: string, line: number, resource?: ResourceRef): Finding {
  return {
    ruleId,
    title: `${ruleId} title`,
    severity: 'high',
    kind: 'violation',
    message: `${ruleId} at ${file}:${line}`,
    location: {
      file,
      range: { start: { line, column: 1 }, end: { line, column: 1 } },
      ...(resource ? { resource } : {}),
    },
    why: 'why',
    fix: 'fix',
    references: [],
    frameworks: {},
    tags: [],
    analyzer: 'test',
    fingerprint: fingerprint([ruleId, file, resource?.address ?? resource?.name, String(line)]),
  };
}

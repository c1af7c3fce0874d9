import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findings, sampleResult } from '../../test/fixtures/report/scan-result.ts';
import type { Finding } from '../core/finding.ts';
import { REPORTERS } from './registry.ts';

// Big repositories produce tens of thousands of findings; rendering must stay linear-ish. Every
// finding has its own rule here, the worst case for per-rule grouping (JUnit suites, SARIF rules).
test('scale: every reporter renders 20,000 findings across 20,000 rules within seconds', () => {
  const base = findings[1] as Finding;
  const many: Finding[] = Array.from({ length: 20_000 }, (_, i) => ({
    ...base,
    ruleId: `R-${i}`,
    message: `finding ${i}`,
    location: {
      file: `dir/f${i % 400}.yaml`,
      range: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 9 } },
    },
    fingerprint: `fp${i}`,
  }));
  const result = { ...sampleResult, findings: many };
  for (const reporter of REPORTERS) {
    const started = performance.now();
    const out = reporter.render(result, { color: false });
    const ms = performance.now() - started;
    assert.ok(out.includes('finding 19999'), `${reporter.format} shows the last finding`);
    assert.ok(ms < 5000, `${reporter.format} took ${Math.round(ms)} ms`);
  }
});

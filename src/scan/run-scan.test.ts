import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isRampartError, RuleError } from '../core/errors.ts';
import type { Analyzer } from './analyzer.ts';
import { exitCodeFor } from './exit-code.ts';
import { runScan } from './run-scan.ts';
import { privilegedLineAnalyzer } from './test-analyzer.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../test/fixtures/scan/pipeline');
const now = () => new Date('2026-06-01T00:00:00Z');

describe('runScan pipeline', () => {
  it('collects, analyzes, applies inline + waiver suppressions and summarises', async () => {
    const { result } = await runScan({
      root: FIXTURE,
      target: 'pipeline',
      failOn: 'high',
      analyzers: [privilegedLineAnalyzer()],
      now,
    });
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.range?.start.line}`),
      ['T-PRIV k8s/pod.yaml:10'],
    );
    assert.deepEqual(result.suppressed.map((s) => [s.by, s.finding.location.file, s.owner]).sort(), [
      ['inline', 'k8s/pod.yaml', undefined],
      ['waiver', 'k8s/legacy.yaml', 'platform-team'],
    ]);
    assert.equal(result.summary.filesScanned, 3);
    assert.equal(result.summary.bySeverity.high, 1);
    assert.equal(result.tool.name, 'rampart');
    assert.equal(exitCodeFor(result), 1);
  });

  it('--fail-on critical passes; rules.severity and rules.disable re-grade and drop', async () => {
    const critical = await runScan({
      root: FIXTURE,
      target: '.',
      failOn: 'critical',
      analyzers: [privilegedLineAnalyzer()],
      now,
    });
    assert.equal(exitCodeFor(critical.result), 0);
    const regraded = await runScan({
      root: FIXTURE,
      target: '.',
      failOn: 'critical',
      analyzers: [privilegedLineAnalyzer()],
      now,
      rules: { disable: [], severity: { 'T-PRIV': 'critical' } },
    });
    assert.equal(exitCodeFor(regraded.result), 1);
    const disabled = await runScan({
      root: FIXTURE,
      target: '.',
      failOn: 'low',
      analyzers: [privilegedLineAnalyzer()],
      now,
      rules: { disable: ['T-PRIV'], severity: {} },
    });
    assert.equal(disabled.result.findings.length, 0);
    assert.equal(disabled.result.suppressed.length, 0, 'disabled rules are off, not suppressed');
  });

  it('passes each analyzer only the files it wants, and survives an analyzer that throws', async () => {
    const probe = privilegedLineAnalyzer();
    const broken: Analyzer = {
      name: 'broken',
      wants: () => true,
      analyze: async () => {
        throw new Error('boom');
      },
    };
    const { result } = await runScan({
      root: FIXTURE,
      target: '.',
      failOn: 'high',
      analyzers: [broken, probe],
      now,
    });
    assert.deepEqual(probe.calls[0]?.sort(), ['k8s/legacy.yaml', 'k8s/pod.yaml']);
    const failure = result.findings.find((f) => f.ruleId === 'RMP-ANALYZER-ERROR');
    assert.equal(failure?.kind, 'evaluation-error');
    assert.match(failure?.message ?? '', /analyzer broken failed: boom/);
  });

  it('rethrows an invalid user policy (a config error, exit 2) instead of hiding it in a finding', async () => {
    const strict: Analyzer = {
      name: 'policy',
      wants: () => true,
      analyze: async () => {
        throw new RuleError('E_RULE_INVALID', 'severity: invalid', { file: 'p/rule.yaml', line: 5 });
      },
    };
    await assert.rejects(
      runScan({ root: FIXTURE, target: '.', failOn: 'high', analyzers: [strict], now }),
      (e) => isRampartError(e) && e.describe() === 'p/rule.yaml:5: severity: invalid',
    );
  });

  it('scans stdin as the named file', async () => {
    const bytes = new TextEncoder().encode('spec:\n  privileged: true\n');
    const { result } = await runScan({
      root: FIXTURE,
      target: '-',
      failOn: 'high',
      analyzers: [privilegedLineAnalyzer()],
      now,
      stdin: { filename: 'k8s/legacy.yaml', bytes },
    });
    assert.equal(result.findings.length, 0, 'the waiver for k8s/legacy.yaml applies to stdin named so');
    assert.equal(result.suppressed[0]?.finding.location.range?.start.line, 2);
  });

  it('--write-baseline then --baseline: a round trip that suppresses exactly the old findings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rampart-pipeline-'));
    try {
      await cp(FIXTURE, dir, { recursive: true });
      const file = path.join(dir, '.rampart', 'baseline.json');
      const written = await runScan({
        root: dir,
        target: dir,
        failOn: 'high',
        analyzers: [privilegedLineAnalyzer()],
        now,
        writeBaseline: file,
        baseline: file, // configured but not written yet: must not be read
      });
      assert.equal(exitCodeFor(written.result), 0);
      const saved = JSON.parse(await readFile(file, 'utf8'));
      assert.deepEqual(
        saved.findings.map((e: { rule: string; file: string }) => `${e.rule} ${e.file}`),
        ['T-PRIV k8s/pod.yaml'],
      );
      const again = await runScan({
        root: dir,
        target: dir,
        failOn: 'high',
        analyzers: [privilegedLineAnalyzer()],
        now,
        baseline: file,
      });
      assert.equal(again.result.findings.length, 0);
      assert.equal(again.result.suppressed.filter((s) => s.by === 'baseline').length, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a broken waivers file stops the scan with E_WAIVER_INVALID before analyzing', async () => {
    const probe = privilegedLineAnalyzer();
    const waivers = path.join(import.meta.dirname, '../../test/fixtures/scan/bad-waivers.yaml');
    await assert.rejects(
      runScan({ root: FIXTURE, target: '.', failOn: 'high', analyzers: [probe], now, waivers }),
      (e) =>
        isRampartError(e) && e.code === 'E_WAIVER_INVALID' && /:3: waivers\[0\]\.expires/.test(e.describe()),
    );
    assert.equal(probe.calls.length, 0);
  });
});

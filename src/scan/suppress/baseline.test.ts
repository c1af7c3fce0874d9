import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isRampartError } from '../../core/errors.ts';
import { scanFinding } from '../scan-finding.ts';
import { applySuppressions } from './apply.ts';
import { buildBaseline, parseBaseline, readBaseline, writeBaseline } from './baseline.ts';
import { testFinding } from './test-finding.ts';

describe('baseline', () => {
  const a = testFinding('RMP-A', 'a.yaml', 1);
  const b = testFinding('RMP-B', 'b.tf', 2);
  const notice = scanFinding({
    ruleId: 'RMP-SKIPPED',
    title: 't',
    severity: 'info',
    kind: 'notice',
    message: 'm',
    file: 'x',
    why: 'w',
    fix: 'f',
  });

  it('round-trips: written fingerprints suppress the same findings, new ones still report', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rampart-baseline-'));
    try {
      const file = path.join(dir, '.rampart', 'baseline.json');
      await writeBaseline(file, buildBaseline([a, b, a, notice], new Date('2026-01-02T03:04:05Z')));
      const json = JSON.parse(await readFile(file, 'utf8'));
      assert.equal(json.version, 1);
      assert.equal(json.createdAt, '2026-01-02T03:04:05.000Z');
      assert.deepEqual(
        json.findings.map((e: { rule: string; file: string }) => [e.rule, e.file]),
        [
          ['RMP-A', 'a.yaml'],
          ['RMP-B', 'b.tf'],
        ],
      );
      const set = await readBaseline(file, 'baseline.json');
      const fresh = testFinding('RMP-C', 'c.yaml', 3);
      const out = applySuppressions([a, b, fresh], {
        files: [],
        waivers: [],
        baseline: set,
        today: '2026-01-02',
      });
      assert.deepEqual(out.findings, [fresh]);
      assert.deepEqual(
        out.suppressed.map((s) => s.by),
        ['baseline', 'baseline'],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects malformed baselines with E_BASELINE_INVALID naming the file', () => {
    for (const [text, message] of [
      ['{', /b\.json: not valid JSON/],
      ['[]', /expected a JSON object/],
      ['{"version":2,"findings":[]}', /version: expected 1, got 2/],
      ['{"version":1,"findings":[{"rule":"x"}]}', /findings\[0\]\.fingerprint/],
    ] as const) {
      assert.throws(
        () => parseBaseline(text, 'b.json'),
        (e) => isRampartError(e) && e.code === 'E_BASELINE_INVALID' && message.test(e.describe()),
      );
    }
  });

  it('never throws anything but E_BASELINE_INVALID on arbitrary JSON or text (fuzz)', () => {
    const text = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ version: fc.constant(1), findings: fc.array(fc.jsonValue(), { maxLength: 5 }) })
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          for (const fp of parseBaseline(t, 'b.json')) assert.equal(typeof fp, 'string');
        } catch (error) {
          if (!isRampartError(error) || error.code !== 'E_BASELINE_INVALID') throw error;
        }
      }),
      { numRuns: 500 },
    );
  });
});

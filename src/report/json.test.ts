import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { scanResultArbitrary } from '../../test/fixtures/report/arbitrary.ts';
import { assertGolden } from '../../test/fixtures/report/golden.ts';
import { emptyResult, sampleResult } from '../../test/fixtures/report/scan-result.ts';
import { FRAMEWORKS } from '../core/framework.ts';
import { JSON_REPORT_SCHEMA, jsonReporter } from './json.ts';

const schemaPath = join(import.meta.dirname, '..', '..', 'docs', 'schemas', 'rampart-report-v1.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
  $id: string;
  $defs: Record<string, unknown>;
};
const ajv = new Ajv2020.default({ strict: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function assertValid(report: unknown): void {
  const ok = validate(report);
  assert.ok(ok, `report does not match ${schemaPath}: ${ajv.errorsText(validate.errors)}`);
}

test('json: matches the golden file', () => {
  assertGolden('report.golden.json', jsonReporter.render(sampleResult, { color: false }));
});

test('json: output validates against docs/schemas/rampart-report-v1.json (sample and empty scans)', () => {
  assertValid(JSON.parse(jsonReporter.render(sampleResult, { color: false })));
  assertValid(JSON.parse(jsonReporter.render(emptyResult, { color: false })));
});

test('json: the schema rejects reports that break it (validation is real)', () => {
  const report = JSON.parse(jsonReporter.render(sampleResult, { color: false }));
  assertValid(report);
  assert.equal(validate({ ...report, version: '2' }), false);
  assert.equal(validate({ ...report, extra: true }), false);
  const badFinding = { ...report.findings[0], severity: 'severe' };
  assert.equal(validate({ ...report, findings: [badFinding] }), false);
  const { fingerprint: _dropped, ...noFingerprint } = report.findings[0];
  assert.equal(validate({ ...report, findings: [noFingerprint] }), false);
});

test('json: the schema names the same $id and frameworks as the code', () => {
  assert.equal(schema.$id, JSON_REPORT_SCHEMA);
  const frameworks = schema.$defs.frameworks as { propertyNames: { enum: string[] } };
  assert.deepEqual([...frameworks.propertyNames.enum].sort(), Object.keys(FRAMEWORKS).sort());
});

test('json: header, summary and order', () => {
  const report = JSON.parse(jsonReporter.render(sampleResult, { color: false }));
  assert.equal(report.$schema, JSON_REPORT_SCHEMA);
  assert.equal(report.version, '1');
  assert.equal(report.startedAt, sampleResult.startedAt);
  assert.deepEqual(report.summary.suppressed, { total: 3, inline: 1, waiver: 1, vex: 0, baseline: 1 });
  assert.equal(report.summary.failed, true);
  assert.equal(report.summary.findings, sampleResult.findings.length);
  const files = report.findings.map((f: { location: { file?: string } }) => f.location.file ?? '');
  assert.deepEqual(files, [...files].sort());
  assert.deepEqual(
    report.suppressed.map((s: { by: string }) => s.by),
    ['inline', 'baseline', 'waiver'], // k8s/…, legacy/…, terraform/… (sorted by file),
  );
  assert.equal(report.suppressed[2].expires, '2027-01-31');
  assert.equal(report.suppressed[2].owner, 'web-team');
});

test('json: summary.failed is false when nothing reaches --fail-on', () => {
  const report = JSON.parse(
    jsonReporter.render({ ...sampleResult, failOn: 'critical', findings: [] }, { color: false }),
  );
  assert.equal(report.summary.failed, false);
});

test('json: any contract-valid scan result renders to schema-valid JSON (fuzz)', () => {
  fc.assert(
    fc.property(scanResultArbitrary, (result) => {
      assertValid(JSON.parse(jsonReporter.render(result, { color: false })));
    }),
    { numRuns: 200 },
  );
});

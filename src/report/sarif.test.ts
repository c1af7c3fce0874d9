import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { Log, Result } from 'sarif';
import { scanResultArbitrary } from '../../test/fixtures/report/arbitrary.ts';
import { assertGolden } from '../../test/fixtures/report/golden.ts';
import { emptyResult, sampleResult } from '../../test/fixtures/report/scan-result.ts';
import { SECURITY_SEVERITY, sarifLevel, sarifReporter } from './sarif.ts';

// The official OASIS SARIF 2.1.0 schema (JSON Schema draft-04), as shipped by Microsoft's
// @microsoft/jest-sarif package: tests run offline, so it must come from node_modules.
const require = createRequire(import.meta.url);
const SCHEMA_FILE = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
const sarifSchema = require(SCHEMA_FILE) as object;
// unicodeRegExp off: the official schema's `language` pattern has a stray `]` that is only legal
// in non-Unicode regular expressions.
const ajv = new AjvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(sarifSchema);

function render(result = sampleResult): Log {
  return JSON.parse(sarifReporter.render(result, { color: false })) as Log;
}

function assertValid(log: unknown): void {
  assert.ok(
    validate(log),
    `SARIF does not match the official 2.1.0 schema: ${ajv.errorsText(validate.errors)}`,
  );
}

test('sarif: matches the golden file', () => {
  assertGolden('report.golden.sarif', sarifReporter.render(sampleResult, { color: false }));
});

test('sarif: output validates against the official SARIF 2.1.0 schema', () => {
  assertValid(render());
  assertValid(render(emptyResult));
});

test('sarif: the schema check is real (it rejects a broken log)', () => {
  const log = render();
  assertValid(log);
  assert.equal(validate({ ...log, version: '2.0.0' }), false);
  const [run] = log.runs;
  const badResult = { ...(run?.results?.[0] as Result), level: 'critical' };
  assert.equal(validate({ ...log, runs: [{ ...run, results: [badResult] }] }), false);
});

test('sarif: tool.driver and rule descriptors carry help, tags and GitHub security-severity', () => {
  const driver = render().runs[0]?.tool.driver;
  assert.ok(driver);
  assert.equal(driver.name, 'Rampart');
  assert.equal(driver.version, '0.1.0');
  assert.ok(driver.informationUri);
  const rule = driver.rules?.find((r) => r.id === 'RMP-K8S-001');
  assert.ok(rule);
  assert.equal(rule.name, 'PrivilegedContainer');
  assert.equal(rule.shortDescription?.text, 'Privileged container');
  assert.equal(rule.fullDescription?.text, 'Containers must not run in privileged mode.');
  assert.match(rule.help?.text ?? '', /Why: A privileged container/);
  assert.match(rule.help?.markdown ?? '', /\*\*Fix:\*\* Remove `securityContext.privileged: true`/);
  assert.match(rule.help?.markdown ?? '', /CIS Kubernetes Benchmark 5\.2\.1/);
  assert.match(
    rule.help?.markdown ?? '',
    /<https:\/\/kubernetes\.io\/docs\/concepts\/security\/pod-security-standards\/>/,
  );
  assert.equal(rule.helpUri, 'https://kubernetes.io/docs/concepts/security/pod-security-standards/');
  assert.equal(rule.defaultConfiguration?.level, 'error');
  const props = rule.properties ?? {};
  assert.equal(props['security-severity'], '9.5');
  assert.equal(props.precision, 'high');
  for (const tag of ['security', 'pss-baseline', 'cis-kubernetes/5.2.1', 'nist-800-53/AC-6']) {
    assert.ok(props.tags?.includes(tag), `tag ${tag}`);
  }
  // Rules are sorted and every result points at its own descriptor.
  const ids = driver.rules?.map((r) => r.id) ?? [];
  assert.deepEqual(ids, [...ids].sort());
  for (const r of render().runs[0]?.results ?? []) assert.equal(ids[r.ruleIndex ?? -1], r.ruleId);
});

test('sarif: severity → level and security-severity mapping', () => {
  assert.deepEqual(
    (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => [
      sarifLevel(s),
      SECURITY_SEVERITY[s],
    ]),
    [
      ['error', '9.5'],
      ['error', '8.0'],
      ['warning', '5.5'],
      ['note', '3.0'],
      ['note', '0.0'],
    ],
  );
});

test('sarif: results have relative %SRCROOT% locations, regions, resources and fingerprints', () => {
  const results = render().runs[0]?.results ?? [];
  const privileged = results.find((r) => r.message.text === 'container web is privileged');
  assert.ok(privileged);
  assert.equal(privileged.level, 'error');
  const loc = privileged.locations?.[0];
  assert.deepEqual(loc?.physicalLocation?.artifactLocation, {
    uri: 'k8s/deploy.yaml',
    uriBaseId: '%SRCROOT%',
  });
  assert.deepEqual(loc?.physicalLocation?.region, {
    startLine: 30,
    startColumn: 13,
    endLine: 30,
    endColumn: 29,
  });
  assert.equal(loc?.logicalLocations?.[0]?.fullyQualifiedName, 'Deployment/prod/web');
  assert.match(privileged.partialFingerprints?.['rampartFingerprint/v1'] ?? '', /^[0-9a-f]{32}$/);
  // A finding located only by resource has a logical location and no physical one.
  const namespace = results.find((r) => r.ruleId === 'RMP-K8S-050');
  assert.equal(namespace?.locations?.[0]?.physicalLocation, undefined);
  assert.equal(namespace?.locations?.[0]?.logicalLocations?.[0]?.name, 'payments');
});

test('sarif: parse errors, rule errors and notices are notifications, not results', () => {
  const run = render().runs[0];
  const resultRules = new Set(run?.results?.map((r) => r.ruleId));
  for (const id of ['RMP-PARSE', 'RMP-SKIPPED']) assert.equal(resultRules.has(id), false, id);
  const notes = run?.invocations?.[0]?.toolExecutionNotifications ?? [];
  assert.deepEqual(
    notes.map((n) => [n.descriptor?.id, n.level]),
    [
      ['RMP-PARSE', 'error'],
      ['RMP-TF-011', 'error'],
      ['RMP-SKIPPED', 'note'],
    ],
  );
  assert.equal(notes[0]?.locations?.[0]?.physicalLocation?.region?.startLine, 7);
  assert.equal(run?.invocations?.[0]?.startTimeUtc, '2026-11-26T14:00:00.000Z');
  assert.equal(run?.invocations?.[0]?.endTimeUtc, '2026-11-26T14:00:01.234Z');
});

test('sarif: suppressed findings are results with inSource / external suppressions and justification', () => {
  const results = render().runs[0]?.results ?? [];
  const suppressions = results.filter((r) => r.suppressions).map((r) => r.suppressions?.[0]);
  assert.deepEqual(
    suppressions.map((s) => [s?.kind, s?.properties?.by, s?.justification?.slice(0, 20)]),
    [
      ['inSource', 'inline', 'debug pod for incide'],
      ['external', 'baseline', 'present in baseline '],
      ['external', 'waiver', 'public static websit'],
    ],
  );
  assert.equal(results.filter((r) => !r.suppressions).length, 8);
});

test('sarif: file paths become percent-encoded relative URIs; an absolute target sets %SRCROOT%', () => {
  const f = sampleResult.findings[0];
  assert.ok(f);
  const log = render({
    ...emptyResult,
    target: '/srv/repo',
    findings: [{ ...f, location: { file: 'dir with space/a#b%.yaml' } }],
  });
  assertValid(log);
  const loc = log.runs[0]?.results?.[0]?.locations?.[0]?.physicalLocation;
  assert.equal(loc?.artifactLocation?.uri, 'dir%20with%20space/a%23b%25.yaml');
  assert.deepEqual(loc?.region, { startLine: 1 });
  assert.deepEqual(log.runs[0]?.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///srv/repo/' } });
});

test('sarif: any contract-valid scan result renders to schema-valid SARIF (fuzz)', () => {
  fc.assert(
    fc.property(scanResultArbitrary, (result) => {
      assertValid(JSON.parse(sarifReporter.render(result, { color: false })));
    }),
    { numRuns: 200 },
  );
});

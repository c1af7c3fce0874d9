import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../../test/fixtures/report/golden.ts';
import { emptyResult, findings, sampleResult } from '../../test/fixtures/report/scan-result.ts';
import type { ScanResult } from './reporter.ts';
import { tableReporter } from './table.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
const ANSI = /\u001b\[/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI colour codes
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

test('table: matches the golden file (no colour)', () => {
  assertGolden('table.golden', tableReporter.render(sampleResult, { color: false }));
});

test('table: matches the golden file with colour (severity colours, dim labels)', () => {
  assertGolden('table-color.golden', tableReporter.render(sampleResult, { color: true }));
});

test('table: matches the golden file for an empty scan', () => {
  assertGolden('table-empty.golden', tableReporter.render(emptyResult, { color: false }));
});

test('table: no ANSI escape codes when color is false, some when true', () => {
  assert.doesNotMatch(tableReporter.render(sampleResult, { color: false }), ANSI);
  assert.match(tableReporter.render(sampleResult, { color: true }), ANSI);
});

test('table: files appear sorted, each once, with findings in line order', () => {
  const out = tableReporter.render(sampleResult, { color: false });
  const headings = out
    .split('\n')
    .filter((l) => /^\S/.test(l) && !/^(Summary|Parse errors|Rule errors|Notices)/.test(l));
  assert.deepEqual(headings, [
    '.github/workflows/ci.yml',
    '.rampart/waivers.yaml',
    'Dockerfile',
    'cloudformation/stack.yaml',
    'k8s/deploy.yaml',
    'terraform/s3.tf',
    '(no file)',
  ]);
  assert.ok(out.indexOf('22:13') < out.indexOf('30:13'), 'k8s/deploy.yaml findings sorted by line');
});

test('table: each finding shows severity, rule, line:col, message, why and fix; resource when present', () => {
  const out = tableReporter.render(sampleResult, { color: false });
  assert.match(out, /^ {2}30:13 {2}CRITICAL {2}RMP-K8S-001 {2}container web is privileged$/m);
  assert.match(out, /^ +resource: Deployment prod\/web$/m);
  assert.match(out, /^ +why: A privileged container has all host capabilities/m);
  assert.match(out, /^ +fix: Remove `securityContext.privileged: true`/m);
  assert.match(out, /^ +resource: aws_s3_bucket_acl logs \(aws_s3_bucket_acl.logs\)$/m);
  // A finding located only by its resource has no line:col.
  assert.match(out, /^ {2}- {2}MEDIUM {4}RMP-K8S-050 {2}namespace payments has workloads/m);
  // A multi-line fix keeps its second line under the first.
  assert.match(out, /fix: Add a default-deny NetworkPolicy to the namespace,\n {10}then allow/);
});

test('table: parse errors, rule errors and notices are listed apart from findings', () => {
  const out = tableReporter.render(sampleResult, { color: false });
  const [findingsPart] = out.split('Parse errors');
  assert.doesNotMatch(findingsPart ?? '', /broken\.yaml|RMP-SKIPPED|dump\.json/);
  assert.match(out, /^Parse errors \(1\)\n {2}PARSE ERROR {2}charts\/broken\.yaml:7:3 {2}unexpected end/m);
  assert.match(
    out,
    /^Rule errors \(1\)\n {2}RULE ERROR {2}terraform\/iam\.tf:2:1 {2}RMP-TF-011 {2}rule failed/m,
  );
  // The `file: ` prefix scan messages carry is not repeated after the location.
  assert.match(out, /^Notices \(1\)\n {2}NOTICE {2}vendor\/dump\.json {2}skipped: larger than 1 MiB$/m);
});

test('table: summary counts severities, suppressions by kind, files, duration and the threshold', () => {
  const out = tableReporter.render(sampleResult, { color: false });
  assert.match(out, /findings {4}2 critical, 1 high, 3 medium, 1 low, 1 info \(8 total\)/);
  assert.match(out, /suppressed {2}3 \(1 inline, 1 waiver, 0 vex, 1 baseline\)/);
  assert.match(out, /problems {4}1 parse error, 1 rule error, 1 notice/);
  assert.match(out, /scanned {5}\.: 9 files \(1 skipped\), 14 documents, 8 rules in 1\.23 s/);
  // 2 critical + 1 high violation, and the high rule error (the parse error is medium).
  assert.match(out, /result {6}FAIL: 3 findings and 1 rule error at or above high \(--fail-on high\)/);
});

test('table: PASS when nothing reaches --fail-on', () => {
  const out = tableReporter.render(
    { ...sampleResult, failOn: 'critical', findings: findings.filter((f) => f.severity !== 'critical') },
    { color: false },
  );
  assert.match(out, /result {6}PASS: nothing at or above critical/);
});

test('table: hostile text from scanned files cannot inject terminal escapes', () => {
  const hostile: ScanResult = {
    ...emptyResult,
    findings: [
      {
        ...(findings[0] as (typeof findings)[number]),
        message: 'evil \u001b[2J\u001b]8;;http://x\u0007 name\u202e and\r\nnext',
        location: {
          file: 'a\u001b[31m.yaml',
          range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
        },
      },
    ],
  };
  for (const color of [false, true]) {
    const out = tableReporter.render(hostile, { color });
    assert.doesNotMatch(out.replace(ANSI_COLOUR, ''), RAW_CONTROL);
    assert.match(out, /evil \\u001b\[2J\\u001b\]8;;http:\/\/x\\u0007 name\\u202e and next/);
  }
});

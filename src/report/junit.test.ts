import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { scanResultArbitrary } from '../../test/fixtures/report/arbitrary.ts';
import { assertGolden } from '../../test/fixtures/report/golden.ts';
import { emptyResult, findings, sampleResult } from '../../test/fixtures/report/scan-result.ts';
import { junitReporter } from './junit.ts';
import type { ScanResult } from './reporter.ts';

// Characters XML 1.0 does not allow, even escaped (lone surrogates are checked separately).
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for forbidden characters
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

interface Case {
  '@classname': string;
  '@name': string;
  '@file'?: string;
  '@line'?: string;
  failure?: { '@message': string; '@type': string; '#text'?: string };
  error?: { '@message': string; '#text'?: string };
  skipped?: { '@message': string };
}
interface Suite {
  '@name': string;
  '@tests': string;
  '@failures': string;
  '@errors': string;
  '@skipped': string;
  testcase: Case[];
}

function parse(xml: string): {
  '@tests': string;
  '@failures': string;
  '@errors': string;
  '@skipped': string;
  testsuite: Suite[];
} {
  assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  assert.doesNotMatch(xml, FORBIDDEN);
  assert.doesNotMatch(xml, LONE_SURROGATE);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml).testsuites;
}

test('junit: matches the golden file', () => {
  assertGolden('report.golden.junit.xml', junitReporter.render(sampleResult, { color: false }));
});

test('junit: one suite per rule, failures for findings, a passing case for rules without findings', () => {
  const root = parse(junitReporter.render(sampleResult, { color: false }));
  const suites = new Map(root.testsuite.map((s) => [s['@name'], s]));
  const privileged = suites.get('RMP-K8S-001 Privileged container');
  assert.ok(privileged);
  assert.equal(privileged['@failures'], '2');
  // one inline-suppressed finding is a skipped case
  assert.equal(privileged['@skipped'], '1');
  assert.equal(privileged['@tests'], '3');
  const failed = privileged.testcase[0];
  assert.equal(failed?.['@classname'], 'RMP-K8S-001');
  assert.equal(failed?.['@name'], 'k8s/deploy.yaml:22:13 Deployment prod/web');
  assert.equal(failed?.['@file'], 'k8s/deploy.yaml');
  assert.equal(failed?.failure?.['@message'], 'initContainer setup is privileged');
  assert.equal(failed?.failure?.['@type'], 'critical');
  assert.match(failed?.failure?.['#text'] ?? '', /Why: A privileged container[\s\S]*Fix: Remove/);

  const quiet = suites.get('RMP-K8S-002 Host network namespace shared');
  assert.deepEqual(quiet?.testcase, [{ '@classname': 'RMP-K8S-002', '@name': 'RMP-K8S-002: no findings' }]);
  assert.equal(quiet?.['@failures'], '0');

  const skipped = suites.get('RMP-TF-010 S3 bucket ACL allows public read')?.testcase.find((c) => c.skipped);
  assert.equal(
    skipped?.skipped?.['@message'],
    'suppressed (waiver): public static website; CloudFront migration tracked in WEB-120 (expires 2027-01-31, owner web-team)',
  );
});

test('junit: parse errors and notices are in their own suite; rule errors are errors of their rule', () => {
  const root = parse(junitReporter.render(sampleResult, { color: false }));
  const inputs = root.testsuite.at(-1);
  assert.equal(inputs?.['@name'], 'rampart inputs');
  assert.deepEqual(
    inputs?.testcase.map((c) => [c['@classname'], c.error ? 'error' : c.skipped ? 'skipped' : 'other']),
    [
      ['RMP-PARSE', 'error'],
      ['RMP-SKIPPED', 'skipped'],
    ],
  );
  const iam = root.testsuite.find((s) => s['@name'].startsWith('RMP-TF-011'));
  assert.equal(iam?.['@errors'], '1');
  assert.equal(iam?.['@failures'], '0');
  assert.equal(iam?.testcase.length, 1, 'no "no findings" pass for a rule that failed to evaluate');
});

test('junit: totals on <testsuites> add up the suites', () => {
  const root = parse(junitReporter.render(sampleResult, { color: false }));
  for (const key of ['@tests', '@failures', '@errors', '@skipped'] as const) {
    const sum = root.testsuite.reduce((n, s) => n + Number(s[key]), 0);
    assert.equal(Number(root[key]), sum, key);
  }
  // 7 violations + 1 expired waiver fail; 1 parse error + 1 rule error; 3 suppressed + 1 notice skipped.
  assert.deepEqual([root['@failures'], root['@errors'], root['@skipped']], ['8', '2', '4']);
});

test('junit: hostile messages (<, &, ]]>, quotes, control characters) stay well-formed and readable', () => {
  const hostileText = 'bad <script>&amp; ]]> "x" \u0000\u001b[31m\u0007 \ud800 end';
  const base = findings[1];
  assert.ok(base);
  const hostile: ScanResult = {
    ...emptyResult,
    findings: [
      {
        ...base,
        ruleId: 'R<&>"1',
        title: hostileText,
        message: hostileText,
        why: hostileText,
        location: { file: 'a&b<c>.yaml', resource: { kind: 'K', name: hostileText } },
      },
    ],
  };
  const xml = junitReporter.render(hostile, { color: false });
  const root = parse(xml);
  const c = root.testsuite.find((s) => s['@name'].startsWith('R<&>"1'))?.testcase[0];
  const visible = 'bad <script>&amp; ]]> "x" \\u0000\\u001b[31m\\u0007 \\ud800 end';
  assert.equal(c?.failure?.['@message'], visible);
  assert.match(
    c?.failure?.['#text'] ?? '',
    new RegExp(`Why: ${visible.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  assert.equal(c?.['@file'], 'a&b<c>.yaml');
});

test('junit: an empty scan still lists the rules that ran as passing tests', () => {
  const root = parse(junitReporter.render(emptyResult, { color: false }));
  assert.deepEqual([root['@tests'], root['@failures']], ['1', '0']);
});

test('junit: any contract-valid scan result renders to well-formed XML with consistent totals (fuzz)', () => {
  fc.assert(
    fc.property(scanResultArbitrary, (result) => {
      const root = parse(junitReporter.render(result, { color: false }));
      const suites = root.testsuite ?? [];
      const cases = suites.reduce((n, s) => n + (s.testcase?.length ?? 0), 0);
      assert.equal(Number(root['@tests']), cases);
    }),
    { numRuns: 200 },
  );
});

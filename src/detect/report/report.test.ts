import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { Alert } from '../alert.ts';
import { createDetector } from '../detector.ts';
import { loadRules } from '../load.ts';
import { alertsCsv, csvCell } from './csv.ts';
import { atOrAbove, parseLevelThreshold } from './level.ts';
import { alertsSarif, pathToUri, renderAlertsSarif } from './sarif.ts';

// The official SARIF 2.1.0 schema, loaded exactly as src/report/sarif.test.ts does (offline).
const require = createRequire(import.meta.url);
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
const ajv = new AjvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  assert.ok(validate(log), `not valid SARIF 2.1.0: ${ajv.errorsText(validate.errors)}`);
}

const RULES = `title: Privileged container
id: 11111111-1111-4111-8111-111111111111
description: A pod runs a privileged container.
level: high
tags: [attack.privilege-escalation, attack.t1611]
logsource: {product: kubernetes}
detection:
  s:
    spec.containers.securityContext.privileged: true
  condition: s
---
title: =HYPERLINK("http://evil")
level: low
logsource: {product: kubernetes}
detection:
  s:
    note|contains: 'x'
  condition: s
`;

function alerts(): Alert[] {
  const rules = loadRules([{ file: 'r.yml', text: RULES }]).rules;
  const d = createDetector({ rules, options: { logsource: null } });
  return [
    ...d.push(
      { spec: { containers: [{ securityContext: { privileged: true } }] } },
      { source: 'logs/a b.jsonl', line: 3 },
    ),
    ...d.push({ note: '-x,"y"' }, { source: '<stdin>', line: 1 }),
    ...d.push(
      { spec: { containers: [{ securityContext: { privileged: true } }] } },
      { source: 'logs/a b.jsonl', line: 9 },
    ),
  ];
}

test('sarif: one run, rules that alerted with level/tags/ATT&CK, results at the event file:line', () => {
  const log = alertsSarif(alerts(), '1.2.3');
  assertValid(log);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const rules = run?.tool.driver.rules ?? [];
  assert.deepEqual(
    rules.map((r) => [r.id, r.shortDescription?.text, r.defaultConfiguration?.level]),
    [
      ['11111111-1111-4111-8111-111111111111', 'Privileged container', 'error'],
      ['r.yml:=HYPERLINK("http://evil")', '=HYPERLINK("http://evil")', 'note'],
    ],
  );
  assert.equal(rules[0]?.fullDescription?.text, 'A pod runs a privileged container.');
  assert.deepEqual(rules[0]?.properties?.tags, [
    'security',
    'attack.privilege-escalation',
    'attack.t1611',
    'T1611',
  ]);
  assert.equal(rules[0]?.properties?.['security-severity'], '8.0');
  const results = run?.results ?? [];
  assert.deepEqual(
    results.map((r) => [
      r.ruleIndex,
      r.level,
      r.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
      r.locations?.[0]?.physicalLocation?.region?.startLine,
    ]),
    [
      [0, 'error', 'logs/a%20b.jsonl', 3],
      [1, 'note', undefined, undefined],
      [0, 'error', 'logs/a%20b.jsonl', 9],
    ],
  );
  assert.match(results[0]?.message.text ?? '', /matched: spec\.containers\.securityContext\.privileged/);
  assert.equal(typeof results[0]?.partialFingerprints?.['rampartDetect/v1'], 'string');
});

test('sarif: the schema check is real, and empty output is valid', () => {
  assertValid(alertsSarif([], '0.0.0'));
  const broken = alertsSarif(alerts(), '1.0.0') as unknown as {
    runs: Array<{ results: Array<{ level: string }> }>;
  };
  const first = broken.runs[0]?.results[0];
  if (first) first.level = 'fatal';
  assert.equal(validate(broken), false);
});

test('sarif: any alert renders to schema-valid SARIF (fuzz)', () => {
  const alertArb = fc.record({
    ruleId: fc.option(fc.string(), { nil: undefined }),
    title: fc.string(),
    level: fc.option(fc.constantFrom('informational', 'low', 'medium', 'high', 'critical' as const), {
      nil: undefined,
    }),
    tags: fc.array(fc.string(), { maxLength: 3 }),
    attack: fc.array(fc.string(), { maxLength: 2 }),
    matched: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.bigInt())),
    event: fc.record({
      index: fc.nat(),
      source: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
      line: fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: undefined }),
    }),
    dedupKey: fc.string(),
    ruleFile: fc.string(),
  });
  fc.assert(
    fc.property(fc.array(alertArb, { maxLength: 5 }), (list) => {
      assertValid(JSON.parse(renderAlertsSarif(list as Alert[], '1.0.0')));
    }),
    { numRuns: 150 },
  );
});

test('pathToUri: percent-encodes segments and uses / on every OS', () => {
  assert.equal(pathToUri('logs\\x y#1.jsonl'), 'logs/x%20y%231.jsonl');
  assert.equal(pathToUri('../a/b.log'), '../a/b.log');
});

test('csv: RFC 4180 quoting, CRLF, and formula-injection guard on attacker-controlled text', () => {
  const text = alertsCsv(alerts());
  const lines = text.split('\r\n');
  assert.equal(lines[0], 'level,rule_id,title,source,line,attack,tags,matched,dedup_key');
  assert.ok(text.endsWith('\r\n'));
  assert.equal(lines.length, 5); // header + 3 rows + trailing empty
  assert.match(
    lines[1] ?? '',
    /^high,11111111-1111-4111-8111-111111111111,Privileged container,logs\/a b\.jsonl,3,T1611,/,
  );
  // The title starts with '=': prefixed with ' and quoted (it holds quotes).
  assert.match(lines[2] ?? '', /^low,,"'=HYPERLINK\(""http:\/\/evil""\)",<stdin>,1,,,/);
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
  assert.equal(csvCell(-5), '-5');
  assert.equal(csvCell('plain'), 'plain');
});

test('level thresholds: LEVEL and >=LEVEL mean at or above; unknown is undefined; no level is below all', () => {
  assert.equal(parseLevelThreshold('medium'), 'medium');
  assert.equal(parseLevelThreshold('>=HIGH'), 'high');
  assert.equal(parseLevelThreshold('>= low'), 'low');
  assert.equal(parseLevelThreshold('severe'), undefined);
  assert.equal(parseLevelThreshold('>medium'), undefined);
  assert.equal(atOrAbove('critical', 'medium'), true);
  assert.equal(atOrAbove('medium', 'medium'), true);
  assert.equal(atOrAbove('low', 'medium'), false);
  assert.equal(atOrAbove(undefined, 'informational'), false);
});

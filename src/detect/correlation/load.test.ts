import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadRules } from '../load.ts';
import { formatLoadReport } from '../load-report.ts';
import { baseRule } from './test-helpers.ts';

const FIXTURES = new URL('../../../test/fixtures/detect/correlation/', import.meta.url);

/** Load one correlation document (after a base rule `failed`) and return `line code reason` of its rejection. */
function rejection(corrBody: string, extra: readonly string[] = []): string {
  const text = [baseRule('failed'), ...extra, `title: bad\nid: bad-id\n${corrBody}`].join('---\n');
  const r = loadRules([{ file: 'bad.yml', text }]);
  assert.equal(r.correlations.length, 0, `expected a rejection for:\n${corrBody}`);
  assert.equal(r.rejected.length, 1, JSON.stringify(r.rejected));
  const x = r.rejected[0];
  return `${x?.origin.line} ${x?.code} ${x?.reason}`;
}

// Base rule `failed` is 7 lines + '---': the correlation document starts on line 9 ('correlation:' on 11).
test('spec §Correlation section: invalid correlation rules are rejected with file:line and a reason', () => {
  const cases: [string, RegExp][] = [
    [
      'correlation: {type: count, rules: [failed], timespan: 5m, condition: {gte: 1}}',
      /^11 correlation 'correlation\.type' must be one of event_count, value_count/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  condition: {gte: 1}',
      /^9 correlation 'correlation\.timespan' must be a string/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 5M\n  condition: {gte: 1}',
      /^14 correlation 'correlation\.timespan' '5M' must be a number followed by s, m, h or d \(lowercase\)/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 1h30m\n  condition: {gte: 1}',
      /timespan' '1h30m'/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 5m',
      /^9 correlation an? event_count correlation needs 'correlation\.condition'/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: []\n  timespan: 5m\n  condition: {gte: 1}',
      /^13 correlation 'correlation\.rules' must list rule ids or names/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gte: many}',
      /^15 correlation 'correlation\.condition\.gte' must be a number/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {above: 1}',
      /'correlation\.condition\.above' is not an operator/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gt: 10, lt: 5}',
      /can never hold/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {field: User, gt: 1}',
      /'correlation\.condition\.field' is only used by value_count/,
    ],
    [
      'correlation:\n  type: value_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gt: 1}',
      /a value_count correlation needs 'correlation\.condition\.field'/,
    ],
    [
      'correlation:\n  type: value_sum\n  rules: [failed]\n  timespan: 5m\n  condition: {field: [a, b], gt: 1}',
      /value_sum reads one numeric field/,
    ],
    [
      'correlation:\n  type: temporal\n  rules: [failed]\n  timespan: 5m',
      /a temporal correlation needs at least two rules/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  group-by: User\n  group-by2: x\n  timespan: 5m\n  condition: {gte: 1}\nlevel: severe',
      /'level' must be one of/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gte: 1}\n  generate: yes please',
      /'generate' must be true or false/,
    ],
    [
      'correlation:\n  type: event_count\n  rules:\n    - nope\n  timespan: 5m\n  condition: {gte: 1}',
      /^14 correlation references unknown rule 'nope'/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed, failed-id]\n  timespan: 5m\n  condition: {gte: 1}',
      /names the same rule twice/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [bad-id]\n  timespan: 5m\n  condition: {gte: 1}',
      /references itself/,
    ],
    [
      'correlation:\n  type: temporal\n  rules: [failed, other]\n  group-by: [ip]\n  timespan: 5m\n  aliases:\n    ip:\n      failed: src',
      /alias 'ip' gives no field for rule 'other'/,
    ],
    [
      'correlation:\n  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gte: 1}\n  aliases:\n    ip:\n      ghost: src',
      /alias 'ip' maps 'ghost', which is not a rule of 'correlation\.rules'/,
    ],
    ['correlation: [1, 2]', /'correlation' must be a map/],
  ];
  for (const [body, reason] of cases) {
    const extra = body.includes('other') ? [baseRule('other')] : [];
    assert.match(rejection(body, extra), reason, body);
  }
});

test('spec §Related rules: a circular chain and a chain on a rejected correlation are both rejected', () => {
  const c = (name: string, ref: string, cond = '{gte: 1}') =>
    `title: ${name}\nname: ${name}\ncorrelation:\n  type: event_count\n  rules: [${ref}]\n  timespan: 5m\n  condition: ${cond}\n`;
  const cycle = loadRules([
    {
      file: 'c.yml',
      text: [c('c1', 'c2'), c('c2', 'c1'), c('ok', 'failed'), baseRule('failed')].join('---\n'),
    },
  ]);
  assert.deepEqual(
    cycle.correlations.map((x) => x.title),
    ['ok'],
  );
  assert.equal(cycle.rejected.length, 2);
  for (const r of cycle.rejected) assert.match(r.reason, /circular|which was rejected/);
  const chainOnBad = loadRules([
    {
      file: 'c.yml',
      text: [c('bad', 'failed', '{gte: x}'), c('outer', 'bad'), baseRule('failed')].join('---\n'),
    },
  ]);
  assert.deepEqual(
    chainOnBad.rejected.map((r) => `${r.origin.line} ${r.code}`),
    ['7 correlation', '13 correlation'],
  );
  assert.match(chainOnBad.rejected[1]?.reason ?? '', /references unknown rule 'bad'/);
});

test('spec §Related rules: rules are referenced by id or name, also from another file', () => {
  const corrFile =
    'title: c\ncorrelation:\n  type: temporal\n  rules: [failed-id, success]\n  group-by: [User]\n  timespan: 1m\n';
  const r = loadRules([
    { file: 'mr_c.yml', text: corrFile },
    { file: 'base.yml', text: [baseRule('failed'), baseRule('success')].join('---\n') },
  ]);
  assert.equal(r.rejected.length, 0, formatLoadReport(r));
  assert.deepEqual(r.correlations[0]?.targets, ['failed-id', 'success-id']);
  assert.match(formatLoadReport(r), /^loaded 2 rules, 0 filters and 1 correlations, rejected 0\n/);
});

test('spec §Example: the multi-document fixture loads and its report lists the correlations', () => {
  const text = readFileSync(new URL('failed-then-success.yml', FIXTURES), 'utf8');
  const r = loadRules([{ file: 'failed-then-success.yml', text }]);
  assert.equal(r.rejected.length, 0, formatLoadReport(r));
  assert.deepEqual(
    r.correlations.map((c) => [c.name ?? c.title, c.type]),
    [
      ['repeated_ssh_failures', 'event_count'],
      ['SSH brute force followed by a successful login', 'temporal_ordered'],
    ],
  );
});

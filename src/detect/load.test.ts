import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadRules } from './load.ts';
import { formatLoadReport } from './load-report.ts';
import { matches, ruleFrom, sigmaHqRuleFiles } from './test-support.ts';

const RULE = (id: string, body: string) => `title: Rule ${id}
id: ${id}
level: high
tags: [attack.execution, attack.t1059.001, attack.g0007, cve.2021-44228]
logsource: {product: windows, category: process_creation}
detection:
${body}
`;

test('Sigma spec §File Structure: several YAML documents in one file each load; empty documents are skipped', () => {
  const text = `${RULE('a', '  sel: {Image: x}\n  condition: sel')}---\n${RULE('b', '  sel: {Image: y}\n  condition: sel')}---\n`;
  const r = loadRules([{ file: 'multi.yml', text }]);
  assert.deepEqual(
    r.rules.map((x) => x.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    r.rules.map((x) => x.origin.line),
    [1, 10],
  );
  assert.deepEqual(r.rules[0]?.attack, ['T1059.001', 'G0007']);
  assert.equal(r.rejected.length, 0);
});

test('Sigma spec §Rule: invalid documents are rejected with file:line and a reason, others still load', () => {
  const text = [
    RULE('ok', '  sel: {Image: x}\n  condition: sel'),
    'title: no detection\nlogsource: {product: x}\n',
    'logsource: {product: x}\ndetection: {sel: {a: b}, condition: sel}\n',
    RULE('badcond', '  sel: {Image: x}\n  condition: sel and'),
    RULE('badmod', '  sel:\n    Image|nope: x\n  condition: sel'),
    'title: bad yaml\n  : : [\n',
    '- just\n- a list\n',
    'title: corr\ncorrelation: {type: event_count, rules: [a], timespan: 5m}\n',
  ].join('---\n');
  const r = loadRules([{ file: 'mixed.yml', text }]);
  assert.deepEqual(
    r.rules.map((x) => x.id),
    ['ok'],
  );
  const reasons = r.rejected.map((x) => `${x.origin.line} ${x.code} ${x.reason}`);
  assert.equal(reasons.length, 7, reasons.join('\n'));
  assert.match(reasons[0] ?? '', /^10 shape missing or invalid 'detection'/);
  assert.match(reasons[1] ?? '', /shape missing 'title'/);
  assert.match(reasons[2] ?? '', /condition .*identifier was expected/);
  assert.match(reasons[3] ?? '', /^32 modifier .*Image\|nope: unknown modifier 'nope'/);
  assert.match(reasons[4] ?? '', /yaml YAML/);
  assert.match(reasons[5] ?? '', /must be a map/);
  assert.match(reasons[6] ?? '', /correlation an? event_count correlation needs 'correlation\.condition'/);
  const report = formatLoadReport(r);
  assert.match(report, /^loaded 1 rules and 0 filters, rejected 7\n/);
  assert.match(report, /mixed\.yml:\d+: rejected \[modifier\] \(Rule badmod\)/);
});

test('Sigma spec §Filters: a filter makes the targeted rule "rule and not filter"', () => {
  const filter = `title: admins
logsource: {product: windows, category: process_creation}
filter:
  rules: [a]
  selection:
    User|startswith: adm_
  condition: selection
`;
  const r = loadRules([
    {
      file: 'r.yml',
      text: `${RULE('a', '  sel: {Image: x}\n  condition: sel')}---\n${RULE('b', '  sel: {Image: x}\n  condition: sel')}---\n${filter}`,
    },
  ]);
  assert.equal(r.filters.length, 1);
  const [a, b] = r.rules;
  assert.ok(a && b);
  assert.equal(matches(a, { Image: 'x', User: 'adm_bob' }), false);
  assert.equal(matches(a, { Image: 'x', User: 'bob' }), true);
  assert.equal(matches(b, { Image: 'x', User: 'adm_bob' }), true); // not targeted
});

test('Sigma spec §Filters: an empty rules list applies to every rule of the filter logsource only', () => {
  const filter = `title: all\nlogsource: {product: windows}\nfilter:\n  rules: []\n  f: {User: svc}\n  condition: f\n`;
  const linux = `title: l\nid: l\nlogsource: {product: linux}\ndetection: {sel: {Image: x}, condition: sel}\n`;
  const r = loadRules([
    { file: 'r.yml', text: `${RULE('a', '  sel: {Image: x}\n  condition: sel')}---\n${linux}---\n${filter}` },
  ]);
  const [a, l] = r.rules;
  assert.ok(a && l);
  assert.equal(matches(a, { Image: 'x', User: 'svc' }), false);
  assert.equal(matches(l, { Image: 'x', User: 'svc' }), true);
});

test('Sigma spec §Lists and §Maps: list of maps is OR, map items are AND', () => {
  const r = ruleFrom(
    `sel:\n  - Image|endswith: '\\example.exe'\n  - Description|contains: 'Test executable'\ncondition: sel`,
  );
  assert.equal(matches(r, { Image: 'c:\\example.exe' }), true);
  assert.equal(matches(r, { Description: 'a test executable' }), true);
  assert.equal(matches(r, { Image: 'c:\\other.exe' }), false);
  const m = ruleFrom(`sel:\n  EventLog: Security\n  EventID:\n    - 517\n    - 1102\ncondition: sel`);
  assert.equal(matches(m, { EventLog: 'Security', EventID: 1102 }), true);
  assert.equal(matches(m, { EventLog: 'System', EventID: 1102 }), false);
});

test('Sigma spec §Keywords search: plain lists OR over the whole event, case-insensitive substrings', () => {
  const r = ruleFrom(`keywords:\n  - 'EVILSERVICE'\n  - 'svchost.exe -n evil'\ncondition: keywords`);
  assert.equal(matches(r, { msg: 'started evilservice now' }), true);
  assert.equal(matches(r, { nested: { deep: ['x', 'run svchost.exe -n evil'] } }), true);
  assert.equal(matches(r, { msg: 'svchost.exe -n good' }), false);
  // keywordFields restricts the searched fields (docs/detect.md).
  assert.equal(matches(r, { a: 'evilservice' }, ['msg']), false);
  assert.equal(matches(r, { msg: 'evilservice' }, ['msg']), true);
  // `|all` makes keywords AND; exact mode matches whole values.
  const all = ruleFrom(`keywords:\n  '|all':\n    - 'failed'\n    - 'root'\ncondition: keywords`);
  assert.equal(matches(all, { a: 'Failed password', b: 'for root' }), true);
  assert.equal(matches(all, { a: 'Failed password for bob' }), false);
  const exact = ruleFrom(`keywords:\n  - 'evil'\ncondition: keywords`, { keywordMatch: 'exact' });
  assert.equal(matches(exact, { a: 'evil' }), true);
  assert.equal(matches(exact, { a: 'very evil' }), false);
});

test('rule loader fuzz: arbitrary YAML-ish text never throws', () => {
  const yamlish = fc.array(
    fc.constantFrom(
      'title: x\n',
      'detection:\n',
      '  sel:\n',
      '    F|contains: a\n',
      '  condition: sel\n',
      'logsource: {product: x}\n',
      '---\n',
      '  - a\n',
      '    F|re: "("\n',
      '  condition: 1 of them\n',
      '&a [*a, *a]\n',
      '{',
      ': :\n',
      '    F|all|cidr: [1, 2]\n',
    ),
    { maxLength: 30 },
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 300 }),
        yamlish.map((p) => p.join('')),
      ),
      (text) => {
        const r = loadRules([{ file: 'f.yml', text }]);
        assert.ok(r.rules.length + r.rejected.length >= 0);
      },
    ),
    { numRuns: 1500 },
  );
});

test('load report over the SigmaHQ corpus (../shared/sigma): at least 99 % load, every rejection has a reason', (t) => {
  const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../..');
  const root = path.resolve(repoRoot, '../shared/sigma');
  if (!existsSync(root)) {
    t.skip(`SigmaHQ corpus not found at ${root}`);
    return;
  }
  const files = sigmaHqRuleFiles(root);
  const r = loadRules(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
  const total = r.rules.length + r.rejected.length + r.filters.length;
  t.diagnostic(formatLoadReport(r).split('\n')[0] ?? '');
  assert.ok(total >= files.length);
  assert.ok(r.rules.length / total >= 0.99, formatLoadReport(r));
  for (const x of r.rejected) assert.ok(x.reason.length > 10);
});

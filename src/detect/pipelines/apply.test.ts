import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { createDetector } from '../detector.ts';
import { loadRules } from '../load.ts';
import { applyPipelines } from '../pipeline.ts';
import type { SigmaRule } from '../rule.ts';
import { matches } from '../test-support.ts';
import type { SigmaEvent } from '../types.ts';
import { pipelineFromText } from './builtin.ts';
import { parsePipeline } from './parse.ts';

function rule(logsource: string, detection: string): SigmaRule {
  const text = `title: t\nlogsource: ${logsource}\ndetection:\n${detection
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
  const r = loadRules([{ file: 'r.yml', text }]);
  const out = r.rules[0];
  if (!out) throw new Error(r.rejected.map((x) => x.reason).join('; '));
  return out;
}

function pipeline(yaml: string) {
  const r = parsePipeline('p.yml', yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line} ${p.field} ${p.message}`).join('; '));
  return r.pipeline;
}

function run(r: SigmaRule, yamls: readonly string[], event: SigmaEvent): boolean {
  const [out] = applyPipelines([r], yamls.map(pipeline));
  return matches(out as SigmaRule, event);
}

const WIN = '{product: windows, category: process_creation}';
const SEL = 'sel:\n  CommandLine|contains: mimikatz\ncondition: sel';

test('field_name_mapping one-to-one renames the field', () => {
  const p =
    'name: m\ntransformations:\n  - type: field_name_mapping\n    mapping: {CommandLine: process.command_line}\n';
  assert.equal(run(rule(WIN, SEL), [p], { process: { command_line: 'x mimikatz' } }), true);
  assert.equal(run(rule(WIN, SEL), [p], { CommandLine: 'x mimikatz' }), false);
});

test('field_name_mapping one-to-many matches any mapped field', () => {
  const p = 'name: m\ntransformations:\n  - type: field_name_mapping\n    mapping: {CommandLine: [a, b]}\n';
  assert.equal(run(rule(WIN, SEL), [p], { a: 'mimikatz' }), true);
  assert.equal(run(rule(WIN, SEL), [p], { b: 'mimikatz' }), true);
  assert.equal(run(rule(WIN, SEL), [p], { c: 'mimikatz' }), false);
});

test('field_name_prefix and field_name_suffix', () => {
  const pre = 'name: p\ntransformations:\n  - type: field_name_prefix\n    prefix: winlog.event_data.\n';
  const suf = 'name: s\ntransformations:\n  - type: field_name_suffix\n    suffix: .keyword\n';
  assert.equal(run(rule(WIN, SEL), [pre], { winlog: { event_data: { CommandLine: 'mimikatz' } } }), true);
  assert.equal(run(rule(WIN, SEL), [pre], { CommandLine: 'mimikatz' }), false);
  assert.equal(run(rule(WIN, SEL), [suf], { CommandLine: { keyword: 'mimikatz' } }), true);
});

test('add_condition adds a required selection, negated adds its negation', () => {
  const add = 'name: a\ntransformations:\n  - type: add_condition\n    conditions: {index: winlogbeat}\n';
  const neg = `${add}    negated: true\n`;
  assert.equal(run(rule(WIN, SEL), [add], { CommandLine: 'mimikatz', index: 'winlogbeat' }), true);
  assert.equal(run(rule(WIN, SEL), [add], { CommandLine: 'mimikatz' }), false);
  assert.equal(run(rule(WIN, SEL), [neg], { CommandLine: 'mimikatz', index: 'winlogbeat' }), false);
  assert.equal(run(rule(WIN, SEL), [neg], { CommandLine: 'mimikatz' }), true);
});

test('replace_string rewrites values with a regex (group references in pySigma form)', () => {
  const p =
    'name: r\ntransformations:\n  - type: replace_string\n    regex: "^C:\\\\\\\\Windows\\\\\\\\(.*)$"\n    replacement: "/windows/\\\\1"\n';
  const r = rule(WIN, 'sel:\n  Image: C:\\Windows\\cmd.exe\ncondition: sel');
  assert.equal(run(r, [p], { Image: '/windows/cmd.exe' }), true);
  assert.equal(run(r, [p], { Image: 'C:\\Windows\\cmd.exe' }), false);
  const wild = rule(WIN, 'sel:\n  Image|endswith: \\cmd.exe\ncondition: sel');
  const slash =
    'name: r\ntransformations:\n  - type: replace_string\n    regex: "\\\\\\\\"\n    replacement: /\n';
  assert.equal(run(wild, [slash], { Image: 'c:/windows/cmd.exe' }), true);
});

test('drop_detection_item removes items selected by include_fields / exclude_fields', () => {
  const r = rule(WIN, 'sel:\n  CommandLine|contains: mimikatz\n  Hashes|contains: abc\ncondition: sel');
  const inc =
    'name: d\ntransformations:\n  - type: drop_detection_item\n    field_name_conditions:\n      - type: include_fields\n        fields: [Hashes]\n';
  assert.equal(run(r, [], { CommandLine: 'mimikatz' }), false);
  assert.equal(run(r, [inc], { CommandLine: 'mimikatz' }), true);
  const exc =
    'name: d\ntransformations:\n  - type: field_name_prefix\n    prefix: x.\n    field_name_conditions:\n      - type: exclude_fields\n        fields: [Hashes]\n';
  assert.equal(run(r, [exc], { x: { CommandLine: 'mimikatz' }, Hashes: 'abc' }), true);
  assert.equal(run(r, [exc], { x: { CommandLine: 'mimikatz', Hashes: 'abc' } }), false);
});

test('drop inside a negated selection keeps the rest of the selection', () => {
  const r = rule(WIN, 'sel:\n  Image: a\nfilter:\n  User: bob\n  Dropme: x\ncondition: sel and not filter');
  const drop =
    'name: d\ntransformations:\n  - type: drop_detection_item\n    field_name_conditions:\n      - type: include_fields\n        fields: [Dropme]\n';
  assert.equal(run(r, [drop], { Image: 'a', User: 'bob' }), false);
  assert.equal(run(r, [drop], { Image: 'a', User: 'eve' }), true);
});

test('logsource rule conditions select rules; rule_cond_op or widens', () => {
  const p =
    'name: l\ntransformations:\n  - type: field_name_mapping\n    mapping: {CommandLine: cmd}\n    rule_conditions:\n      - {type: logsource, product: linux}\n      - {type: logsource, category: process_creation}\n';
  const linux = rule('{product: linux, category: process_creation}', SEL);
  const win = rule(WIN, SEL);
  assert.equal(run(linux, [p], { cmd: 'mimikatz' }), true);
  assert.equal(run(win, [p], { cmd: 'mimikatz' }), false, 'and: windows rule is not linux');
  const orP = p.replace('    rule_conditions', '    rule_cond_op: or\n    rule_conditions');
  assert.equal(run(win, [orP], { cmd: 'mimikatz' }), true);
});

test('detection_item_conditions match_string selects items by value', () => {
  const r = rule(WIN, 'sel:\n  A: evil\n  B: good\ncondition: sel');
  const p =
    'name: m\ntransformations:\n  - type: field_name_prefix\n    prefix: x.\n    detection_item_conditions:\n      - {type: match_string, pattern: "^ev"}\n';
  assert.equal(run(r, [p], { x: { A: 'evil' }, B: 'good' }), true);
  assert.equal(run(r, [p], { A: 'evil', B: 'good' }), false);
});

test('pipelines apply in priority order, ties in given order', () => {
  const first =
    'name: a\npriority: 10\ntransformations:\n  - type: field_name_mapping\n    mapping: {CommandLine: mid}\n';
  const second =
    'name: b\npriority: 20\ntransformations:\n  - type: field_name_mapping\n    mapping: {mid: final}\n';
  // Given in reverse: priority still runs a (10) before b (20), so the chain reaches `final`.
  assert.equal(run(rule(WIN, SEL), [second, first], { final: 'mimikatz' }), true);
  assert.equal(run(rule(WIN, SEL), [second, first], { mid: 'mimikatz' }), false);
  const late = second.replace('priority: 20', 'priority: 5');
  assert.equal(run(rule(WIN, SEL), [late, first], { mid: 'mimikatz' }), true);
});

test('createDetector applies YAML pipelines before indexing, and plain mappings still work', () => {
  const r = rule(WIN, SEL);
  const p = pipeline(
    'name: m\ntransformations:\n  - type: field_name_mapping\n    mapping: {CommandLine: process.command_line}\n',
  );
  const d = createDetector({ rules: [r], pipelines: [p], options: { logsource: null } });
  assert.equal(d.push({ process: { command_line: 'run mimikatz now' } }).length, 1);
  assert.equal(d.push({ CommandLine: 'run mimikatz now' }).length, 0);
  const legacy = createDetector({
    rules: [r],
    pipelines: [{ name: 'x', fieldNameMapping: { CommandLine: 'cl' } }],
    options: { logsource: null },
  });
  assert.equal(legacy.push({ cl: 'mimikatz' }).length, 1);
});

test('field renames reach fieldref targets too', () => {
  const r = rule(WIN, 'sel:\n  User|fieldref: TargetUser\ncondition: sel');
  const p = 'name: m\ntransformations:\n  - type: field_name_prefix\n    prefix: e.\n';
  assert.equal(run(r, [p], { e: { User: 'bob', TargetUser: 'bob' } }), true);
  assert.equal(run(r, [p], { e: { User: 'bob' }, TargetUser: 'bob' }), false);
  const m =
    'name: m\ntransformations:\n  - type: field_name_mapping\n    mapping: {TargetUser: target.name}\n';
  assert.equal(run(r, [m], { User: 'bob', target: { name: 'bob' } }), true);
});

test('fuzz: any valid pipeline over any rule compiles and evaluates without throwing', () => {
  const rules = [
    rule(WIN, SEL),
    rule(WIN, 'sel:\n  - A|re: ^x\n  - B|cidr: 10.0.0.0/8\nkw:\n  - evil\ncondition: sel or not kw'),
    rule('{product: linux}', 'sel:\n  A|exists: true\n  B: null\n  C|gt: 3\ncondition: 1 of sel*'),
  ];
  const step = fc.oneof(
    fc.constant('  - type: drop_detection_item\n'),
    fc
      .constantFrom('A', 'B', 'CommandLine', 'x')
      .map((f) => `  - type: field_name_mapping\n    mapping: {${f}: [y, z]}\n`),
    fc.constant('  - type: field_name_prefix\n    prefix: p.\n'),
    fc.constant('  - type: replace_string\n    regex: "[a-z]"\n    replacement: ""\n'),
    fc.constant('  - type: add_condition\n    conditions: {k: v}\n    negated: true\n'),
  );
  const cond = fc.constantFrom(
    '',
    '    field_name_conditions: [{type: include_fields, fields: [A, CommandLine]}]\n',
    '    field_name_conditions: [{type: exclude_fields, fields: [B]}]\n',
    '    rule_conditions: [{type: logsource, product: linux}]\n',
  );
  const event = fc.dictionary(
    fc.constantFrom('A', 'B', 'C', 'y', 'z', 'k', 'CommandLine'),
    fc.string({ maxLength: 6 }),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(step, cond), { minLength: 1, maxLength: 4 }), event, (steps, ev) => {
      const text = `name: f\ntransformations:\n${steps.map(([s, c]) => (s.includes('add_condition') ? s : s + c)).join('')}`;
      const p = parsePipeline('f.yml', text);
      assert.equal(p.ok, true, text);
      if (!p.ok) return;
      const d = createDetector({ rules, pipelines: [p.pipeline], options: { logsource: null } });
      d.push(ev);
    }),
    { numRuns: 200 },
  );
});

test('built-in windows-evtx keeps Sysmon names while adding Security 4688 names', () => {
  // The engine takes parsed pipelines: the test reads the shipped file, as the CLI does.
  const file = fileURLToPath(new URL('../../../rules/sigma/pipelines/windows-evtx.yml', import.meta.url));
  const p = pipelineFromText('windows-evtx.yml', file, readFileSync(file, 'utf8')).pipeline;
  const r = rule(WIN, 'sel:\n  Image|endswith: \\evil.exe\ncondition: sel');
  const [out] = applyPipelines([r], [p]);
  assert.equal(matches(out as SigmaRule, { Image: 'C:\\x\\evil.exe' }), true);
  assert.equal(matches(out as SigmaRule, { NewProcessName: 'C:\\x\\evil.exe' }), true);
  assert.equal(
    matches(out as SigmaRule, { Application: 'C:\\x\\evil.exe' }),
    false,
    'network names stay out',
  );
  // Rules of other logsources are untouched.
  const dns = rule(
    '{product: windows, category: dns_query}',
    'sel:\n  Image|endswith: \\evil.exe\ncondition: sel',
  );
  assert.equal(applyPipelines([dns], [p])[0], dns);
});

test('pipelineFromText: the engine side parses text it is given and reads no file', () => {
  const text =
    'name: t\ntransformations:\n  - type: field_name_mapping\n    mapping:\n      Image: proc.exe\n';
  const r = pipelineFromText('t.yml', '/nonexistent/t.yml', text);
  assert.equal(r.pipeline.name, 't');
  assert.throws(
    () => pipelineFromText('bad.yml', '/nonexistent/bad.yml', 'transformations: 5\n'),
    (e: Error & { code?: string }) => e.code === 'E_CONFIG' && /transformations/.test(e.message),
  );
});

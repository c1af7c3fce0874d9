import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createDetector } from './detector.ts';
import { evaluate } from './evaluate.ts';
import { EventView } from './event-view.ts';
import { loadRules } from './load.ts';

const rules = loadRules([
  {
    file: 'r.yml',
    text: `title: Encoded PowerShell
id: 11111111-0000-0000-0000-000000000001
level: high
tags: [attack.execution, attack.t1059.001]
logsource: {product: windows, category: process_creation}
detection:
  sel:
    Image|endswith: '\\powershell.exe'
    CommandLine|windash|contains: ' -enc '
  condition: sel
---
title: DNS to evil
id: 11111111-0000-0000-0000-000000000002
level: medium
logsource: {product: windows, category: dns_query}
detection:
  sel: {QueryName|endswith: '.evil.test'}
  condition: sel
---
title: Linux keyword
id: 11111111-0000-0000-0000-000000000003
logsource: {product: linux, service: sshd}
detection:
  keywords: ['Failed password']
  condition: keywords
`,
  },
]).rules;

const proc = (cmd: string) => ({
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  EventID: 1,
  Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  CommandLine: cmd,
});

test('createDetector: push returns alerts with rule metadata, ATT&CK ids, matched fields and event ref', () => {
  const d = createDetector({ rules });
  const alerts = d.push(proc('powershell /enc SQBFAFgA'), { source: 'a.jsonl', line: 3 });
  assert.equal(alerts.length, 1);
  const [a] = alerts;
  assert.equal(a?.ruleId, '11111111-0000-0000-0000-000000000001');
  assert.equal(a?.level, 'high');
  assert.deepEqual(a?.attack, ['T1059.001']);
  assert.deepEqual(Object.keys(a?.matched ?? {}).sort(), ['CommandLine', 'Image']);
  assert.deepEqual(a?.event, { index: 0, source: 'a.jsonl', line: 3 });
  assert.match(a?.dedupKey ?? '', /^[0-9a-f]{32}$/);
  assert.deepEqual(d.push(proc('powershell -nop')), []);
  assert.deepEqual(d.flush(), []);
  assert.deepEqual(d.stats().events, 2);
});

test('alerts: the dedup key is deterministic and depends on the matched values', () => {
  const k1 = createDetector({ rules }).push(proc('powershell -enc A'))[0]?.dedupKey;
  const k2 = createDetector({ rules }).push(proc('powershell -enc A'))[0]?.dedupKey;
  const k3 = createDetector({ rules }).push(proc('powershell -enc B'))[0]?.dedupKey;
  assert.ok(k1);
  assert.equal(k1, k2);
  assert.notEqual(k1, k3);
});

test('Sigma spec §Log Source: routing keeps rules away from events of another logsource', () => {
  const d = createDetector({ rules });
  // A DNS event (Sysmon 22) carrying a process-like CommandLine is not a process_creation event.
  const dns = { ...proc('powershell -enc A'), EventID: 22, QueryName: 'x.evil.test' };
  assert.deepEqual(
    d.push(dns).map((a) => a.title),
    ['DNS to evil'],
  );
  // The sshd keyword rule never sees Windows events, but sees events of unknown logsource.
  assert.deepEqual(d.push({ Channel: 'Security', EventID: 4625, msg: 'Failed password' }), []);
  assert.deepEqual(
    d.push({ msg: 'Failed password for root' }).map((a) => a.title),
    ['Linux keyword'],
  );
  assert.deepEqual(d.push({ msg: 'Failed password' }, { logsource: { product: 'windows' } }), []);
  // Routing off: every rule sees every event.
  const open = createDetector({ rules, options: { logsource: null } });
  assert.deepEqual(open.push({ Channel: 'Security', EventID: 4625, msg: 'Failed password' }).length, 1);
});

test('pipelines: field_name_mapping renames rule fields onto the event schema', () => {
  const d = createDetector({
    rules,
    pipelines: [
      { name: 'ecs', fieldNameMapping: { Image: 'process.executable', CommandLine: 'process.command_line' } },
    ],
    options: { logsource: null },
  });
  const ecs = { process: { executable: 'C:\\x\\powershell.exe', command_line: 'powershell -enc AA' } };
  assert.deepEqual(
    d.push(ecs).map((a) => a.title),
    ['Encoded PowerShell'],
  );
});

test('push never throws on hostile events', () => {
  const d = createDetector({ rules, options: { logsource: null } });
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  for (const e of [
    cyclic,
    { CommandLine: 5 },
    { Image: [1, null, {}] },
    Object.create(null) as Record<string, unknown>,
  ]) {
    assert.ok(Array.isArray(d.push(e)));
  }
});

// Property: the index (routing off) finds exactly what brute-force evaluation of every rule finds.
test('rule index: never loses a match compared with evaluating every rule', () => {
  // Non-ASCII words exercise the index's per-character case folding and its fallbacks
  // (final sigma and dotted capital I lowercase differently inside a whole string).
  const word = fc.constantFrom(
    'abc',
    'abd',
    'xyz',
    'a-b',
    'a/b',
    'foo',
    'Foo',
    '12',
    'zzz',
    'École',
    'éc',
    'ΟΔΟΣ',
    'οδος',
    'İx',
  );
  const mod = fc.constantFrom(
    '',
    '|contains',
    '|startswith',
    '|endswith',
    '|windash|contains',
    '|cased',
    '|contains|all',
    '|neq',
  );
  // N.X and N.M.X traverse lists of objects (any element may match): the index must agree.
  const field = fc.constantFrom('A', 'B', 'C', 'N.X', 'N.M.X');
  const item = fc.tuple(field, mod, fc.array(word, { minLength: 2, maxLength: 3 }));
  const ruleArb = fc.tuple(
    fc.array(item, { minLength: 1, maxLength: 3 }),
    fc.array(item, { minLength: 1, maxLength: 2 }),
    // Keyword (unbound) lists: their literals are merged into every field's automaton.
    fc.array(word, { minLength: 1, maxLength: 2 }),
    fc.constantFrom(
      's1',
      's1 and not s2',
      's1 or s2',
      '1 of s*',
      'all of them',
      'k and s1',
      'k or s2',
      '(s1 and s2) or (k and s2)',
    ),
  );
  const eventArb = fc.record({
    A: fc.array(word, { maxLength: 3 }).map((w) => w.join(' ')),
    B: word,
    C: fc.oneof(word, fc.constant(12)),
    D: fc.oneof(word, fc.constant(true), fc.array(word, { maxLength: 2 })),
    N: fc.array(
      fc.record(
        {
          X: fc.oneof(word, fc.array(word, { maxLength: 2 }), fc.constant(null)),
          M: fc.array(fc.record({ X: word }, { requiredKeys: [] }), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  });
  fc.assert(
    fc.property(
      fc.array(ruleArb, { minLength: 1, maxLength: 8 }),
      fc.array(eventArb, { minLength: 1, maxLength: 5 }),
      (ruleSpecs, events) => {
        const yaml = (items: Array<[string, string, string[]]>) =>
          items
            .map(([f, m, vs]) => `    ${f}${m}:\n${vs.map((v) => `      - '${v}'`).join('\n')}`)
            .join('\n');
        const text = ruleSpecs
          .map(
            ([s1, s2, k, cond], i) =>
              `title: r${i}\nid: r${i}\nlogsource: {product: p}\ndetection:\n  s1:\n${yaml(s1)}\n  s2:\n${yaml(s2)}\n  k:\n${k.map((v) => `    - '${v}'`).join('\n')}\n  condition: ${cond}\n`,
          )
          .join('---\n');
        const loaded = loadRules([{ file: 'p.yml', text }]).rules;
        const d = createDetector({ rules: loaded, options: { logsource: null } });
        for (const e of events) {
          const got = d.push(e).map((a) => a.ruleId);
          const want = loaded
            .filter((r) => evaluate(r.match, new EventView(e), { keywordFields: undefined }))
            .map((r) => r.id);
          assert.deepEqual(got, want);
        }
      },
    ),
    { numRuns: 400 },
  );
});

test('ruleStats: evaluations and matches per rule when enabled, nothing otherwise', () => {
  const d = createDetector({ rules, options: { ruleStats: true } });
  d.push(proc('powershell -enc A'));
  d.push(proc('powershell +enc x')); // passes the prefilter (literal 'enc '), fails the rule
  const s = d.ruleStats().find((x) => x.rule.title === 'Encoded PowerShell');
  assert.equal(s?.evaluations, 2);
  assert.equal(s?.matches, 1);
  assert.deepEqual(createDetector({ rules }).ruleStats(), []);
});

test('field paths walk lists: any element of spec.containers may match', () => {
  const [rule] = loadRules([
    {
      file: 'k.yml',
      text: 'title: priv\nlogsource: {product: p}\ndetection:\n  s:\n    spec.containers.securityContext.privileged: true\n  condition: s\n',
    },
  ]).rules;
  assert.ok(rule);
  const d = createDetector({ rules: [rule], options: { logsource: null } });
  const pod = (containers: unknown) => ({ spec: { containers } });
  assert.equal(d.push(pod([{ name: 'a' }, { name: 'b', securityContext: { privileged: true } }])).length, 1);
  assert.equal(d.push(pod([{ securityContext: { privileged: false } }, { name: 'b' }])).length, 0);
  assert.equal(d.push(pod([])).length, 0);
  assert.equal(d.push(pod({ securityContext: { privileged: true } })).length, 1);
  // Nested lists are flattened too; a scalar where an object is expected just does not match.
  assert.equal(d.push(pod([[{ securityContext: { privileged: true } }], 'x', null])).length, 1);
  const ev = new EventView(pod([{ securityContext: { privileged: true } }, { securityContext: {} }]));
  assert.deepEqual(ev.get('spec.containers.securityContext.privileged').raw, [true]);
  assert.equal(ev.get('spec.containers.image').present, false);
});

test('field paths with a numeric segment index a list (a.0.b reads the first element only)', () => {
  const ev = (v: unknown) => new EventView({ spec: { containers: v } });
  const path = 'spec.containers.1.image';
  assert.deepEqual(ev([{ image: 'a' }, { image: 'b' }]).get(path).raw, ['b']);
  assert.equal(ev([{ image: 'a' }]).get(path).present, false, 'index past the end');
  assert.equal(ev({ 1: { image: 'c' } }).get(path).raw[0], 'c', 'an object key "1" is still a key');
  // Inside a walked list the index applies per element: items.*.ports.0
  const nested = new EventView({ items: [{ ports: [80, 443] }, { ports: [22] }] });
  assert.deepEqual(nested.get('items.ports.0').raw, [80, 22]);
  assert.equal(new EventView({ a: [{ b: 1 }] }).get('a.01.b').present, false, 'no leading zeros');
  const [rule] = loadRules([
    {
      file: 'k.yml',
      text: "title: second image\nlogsource: {product: p}\ndetection:\n  s:\n    spec.containers.1.image|endswith: ':latest'\n  condition: s\n",
    },
  ]).rules;
  assert.ok(rule);
  const d = createDetector({ rules: [rule], options: { logsource: null } });
  assert.equal(d.push({ spec: { containers: [{ image: 'x:1' }, { image: 'y:latest' }] } }).length, 1);
  assert.equal(d.push({ spec: { containers: [{ image: 'y:latest' }, { image: 'x:1' }] } }).length, 0);
});

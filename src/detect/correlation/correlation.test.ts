import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDetector } from '../detector.ts';
import { loadRules } from '../load.ts';
import { pipelineFromText } from '../pipelines/builtin.ts';
import { baseRule, corrAlerts, run, setup, T0 } from './test-helpers.ts';

const corr = (body: string, meta = 'title: corr\nid: corr-id\nlevel: high\n'): string =>
  `${meta}correlation:\n${body
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;

const COUNT3 = corr(
  'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 10m\ncondition: {gte: 3}',
);

test('spec §Event Count: alerts per group-by value when the count in the timespan reaches the condition', () => {
  const { d } = setup([COUNT3, baseRule('failed')]);
  const alerts = run(d, [
    [0, { rule: 'failed', User: 'alice' }],
    [30, { rule: 'failed', User: 'bob' }],
    [60, { rule: 'failed', User: 'alice' }],
    [90, { rule: 'failed', User: 'bob' }],
    [120, { rule: 'failed', User: 'alice' }],
  ]);
  assert.equal(alerts.length, 1, 'base alerts are hidden (generate defaults to false)');
  const a = alerts[0];
  assert.equal(a?.title, 'corr');
  assert.equal(a?.ruleId, 'corr-id');
  assert.equal(a?.level, 'high');
  assert.deepEqual(a?.correlation?.groupBy, { User: 'alice' });
  assert.equal(a?.correlation?.count, 3);
  assert.equal(a?.correlation?.value, 3);
  assert.equal(a?.correlation?.first, T0);
  assert.equal(a?.correlation?.last, T0 + 120_000);
  assert.equal(a?.correlation?.lastTime, '2026-01-01T00:02:00.000Z');
  assert.deepEqual(
    a?.correlation?.events.map((e) => e.line),
    [1, 3, 5],
  );
  assert.deepEqual(a?.event, { index: 4, source: 'ev.jsonl', line: 5 });
  // Deterministic dedup key: the same data gives the same key.
  const again = run(setup([COUNT3, baseRule('failed')]).d, [
    [0, { rule: 'failed', User: 'alice' }],
    [60, { rule: 'failed', User: 'alice' }],
    [120, { rule: 'failed', User: 'alice' }],
  ]);
  assert.equal(again[0]?.dedupKey, a?.dedupKey);
  assert.match(a?.dedupKey ?? '', /^[0-9a-f]{32}$/);
});

test('spec §Time Selection: the window is [t - timespan, t], both ends inclusive', () => {
  const rule = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 10m\ncondition: {gte: 2}',
  );
  const at = (gapMs: number) => {
    const { d } = setup([rule, baseRule('failed')]);
    const out = [
      ...d.push({ rule: 'failed', User: 'u' }, { time: T0 }),
      ...d.push({ rule: 'failed', User: 'u' }, { time: T0 + gapMs }),
    ];
    return out.length;
  };
  assert.equal(at(600_000), 1, 'exactly one timespan apart: inside');
  assert.equal(at(600_001), 0, 'one millisecond more: outside');
});

test('spec §Compatibility: windows slide with event time, they are not fixed buckets', () => {
  // 00:50, 01:05, 01:10 span two clock hours; a fixed 1h bucket would miss them (false negative).
  const rule = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 3}',
  );
  const { d } = setup([rule, baseRule('failed')]);
  const alerts = run(d, [
    [50 * 60, { rule: 'failed', User: 'u' }],
    [65 * 60, { rule: 'failed', User: 'u' }],
    [70 * 60, { rule: 'failed', User: 'u' }],
  ]);
  assert.equal(alerts.length, 1);
  // Events that age out of the window no longer count.
  const { d: d2 } = setup([rule, baseRule('failed')]);
  const none = run(d2, [
    [0, { rule: 'failed', User: 'u' }],
    [3601, { rule: 'failed', User: 'u' }],
    [7202, { rule: 'failed', User: 'u' }],
  ]);
  assert.equal(none.length, 0);
});

test('spec §Value Count: counts distinct values of the field per group', () => {
  const rule = corr(
    'type: value_count\nrules: [failed]\ngroup-by: [Source]\ntimespan: 1h\ncondition: {field: User, gte: 3}',
  );
  const { d } = setup([rule, baseRule('failed')]);
  const alerts = run(d, [
    [0, { rule: 'failed', Source: '10.0.0.1', User: 'a' }],
    [1, { rule: 'failed', Source: '10.0.0.1', User: 'a' }],
    [2, { rule: 'failed', Source: '10.0.0.1', User: 'b' }],
    [3, { rule: 'failed', Source: '10.0.0.2', User: 'c' }],
    [4, { rule: 'failed', Source: '10.0.0.1', User: 'b' }],
    [5, { rule: 'failed', Source: '10.0.0.1', User: 'c' }],
  ]);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0]?.correlation?.groupBy, { Source: '10.0.0.1' });
  assert.equal(alerts[0]?.correlation?.value, 3, 'distinct users');
  assert.equal(alerts[0]?.correlation?.count, 5, 'events in the window');
});

test('spec §Value Count: several fields count distinct combinations (AND)', () => {
  const rule = corr(
    'type: value_count\nrules: [failed]\ngroup-by: [Host]\ntimespan: 1h\ncondition: {field: [User, Domain], gte: 2}',
  );
  const { d } = setup([rule, baseRule('failed')]);
  const alerts = run(d, [
    [0, { rule: 'failed', Host: 'h', User: 'a', Domain: 'x' }],
    [1, { rule: 'failed', Host: 'h', User: 'a', Domain: 'x' }],
    [2, { rule: 'failed', Host: 'h', User: 'a', Domain: 'y' }],
  ]);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.correlation?.value, 2);
});

const TEMPORAL = (type: string) =>
  corr(`type: ${type}\nrules: [recon_a, recon_b, recon_c]\ngroup-by: [Host]\ntimespan: 5m`);
const RECON = [baseRule('recon_a'), baseRule('recon_b'), baseRule('recon_c')];

test('spec §Temporal Proximity: every referenced rule matches in the timespan, any order, same group', () => {
  const { d } = setup([TEMPORAL('temporal'), ...RECON]);
  const alerts = run(d, [
    [0, { rule: 'recon_c', Host: 'h1' }],
    [10, { rule: 'recon_a', Host: 'h1' }],
    [20, { rule: 'recon_b', Host: 'h2' }],
    [30, { rule: 'recon_b', Host: 'h1' }],
  ]);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0]?.correlation?.groupBy, { Host: 'h1' });
  assert.equal(alerts[0]?.correlation?.value, 3);
  // Too far apart: nothing.
  const late = run(setup([TEMPORAL('temporal'), ...RECON]).d, [
    [0, { rule: 'recon_a', Host: 'h' }],
    [10, { rule: 'recon_b', Host: 'h' }],
    [400, { rule: 'recon_c', Host: 'h' }],
  ]);
  assert.equal(late.length, 0);
});

test('spec §Temporal Proximity: the condition counts distinct matched rules', () => {
  const rule = corr(
    'type: temporal\nrules: [recon_a, recon_b, recon_c]\ngroup-by: [Host]\ntimespan: 5m\ncondition: {gte: 2}',
  );
  const alerts = run(setup([rule, ...RECON]).d, [
    [0, { rule: 'recon_a', Host: 'h' }],
    [1, { rule: 'recon_a', Host: 'h' }],
    [2, { rule: 'recon_c', Host: 'h' }],
  ]);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.correlation?.value, 2);
});

test('spec §Ordered Temporal Proximity: the rules must match in the listed order', () => {
  const inOrder = run(setup([TEMPORAL('temporal_ordered'), ...RECON]).d, [
    [0, { rule: 'recon_a', Host: 'h' }],
    [10, { rule: 'recon_c', Host: 'h' }],
    [20, { rule: 'recon_b', Host: 'h' }],
    [30, { rule: 'recon_c', Host: 'h' }],
  ]);
  assert.equal(inOrder.length, 1);
  assert.equal(inOrder[0]?.correlation?.last, T0 + 30_000);
  const wrongOrder = run(setup([TEMPORAL('temporal_ordered'), ...RECON]).d, [
    [0, { rule: 'recon_c', Host: 'h' }],
    [10, { rule: 'recon_b', Host: 'h' }],
    [20, { rule: 'recon_a', Host: 'h' }],
  ]);
  assert.equal(wrongOrder.length, 0);
});

test('spec §Value Sum: the sum of a numeric field in the window', () => {
  const rule = corr(
    'type: value_sum\nrules: [upload]\ngroup-by: [SourceIP]\ntimespan: 1h\ncondition: {field: bytes_sent, gt: 1000}',
  );
  const alerts = run(setup([rule, baseRule('upload')]).d, [
    [0, { rule: 'upload', SourceIP: 'a', bytes_sent: 600 }],
    [1, { rule: 'upload', SourceIP: 'b', bytes_sent: 900 }],
    [2, { rule: 'upload', SourceIP: 'a', bytes_sent: '300' }],
    [3, { rule: 'upload', SourceIP: 'a', bytes_sent: 'n/a' }],
    [4, { rule: 'upload', SourceIP: 'a', bytes_sent: 101 }],
  ]);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.correlation?.value, 1001, 'numeric strings count, non-numbers are skipped');
});

test('spec §Value Average: the mean of a numeric field in the window ending at each event', () => {
  const rule = corr(
    'type: value_avg\nrules: [conn]\ngroup-by: [SourceIP]\ntimespan: 24h\ncondition: {field: BytesOut, gt: 500}',
  );
  const alerts = run(setup([rule, baseRule('conn')]).d, [
    [0, { rule: 'conn', SourceIP: 'a', BytesOut: 400 }],
    [1, { rule: 'conn', SourceIP: 'a', BytesOut: 500 }],
    [2, { rule: 'conn', SourceIP: 'a', BytesOut: 900 }],
  ]);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.correlation?.value, 600);
});

test('spec §Value Percentile: share (%) of the window whose value equals the new event value (rarity)', () => {
  const rule = corr(
    'type: value_percentile\nrules: [proc]\ngroup-by: [ComputerName]\ntimespan: 24h\ncondition: {field: image, lte: 10}',
  );
  const events: [number, Record<string, unknown>][] = [];
  for (let i = 0; i < 19; i++) events.push([i, { rule: 'proc', ComputerName: 'pc', image: 'svchost.exe' }]);
  events.push([100, { rule: 'proc', ComputerName: 'pc', image: 'mimikatz.exe' }]);
  const alerts = run(setup([rule, baseRule('proc')]).d, events);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.correlation?.value, 5, '1 of 20 events');
  assert.equal(alerts[0]?.correlation?.last, T0 + 100_000);
});

test('spec §Condition: a range (gt + lte) is decided on closed windows, at flush or when time passes', () => {
  const rule = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 10m\ncondition: {gt: 2, lte: 4}',
  );
  const { d } = setup([rule, baseRule('failed')]);
  const during: unknown[] = [];
  for (let i = 0; i < 3; i++)
    during.push(...d.push({ rule: 'failed', User: 'three' }, { time: T0 + i * 1000 }));
  for (let i = 3; i < 8; i++)
    during.push(...d.push({ rule: 'failed', User: 'five' }, { time: T0 + i * 1000 }));
  assert.equal(during.length, 0, 'nothing is decided while the window is open');
  // An unrelated event 11 minutes later closes both windows (event time, not wall clock).
  const closed = corrAlerts(d.push({ rule: 'other' }, { time: T0 + 11 * 60_000 }));
  assert.deepEqual(
    closed.map((a) => [a.correlation?.groupBy.User, a.correlation?.value]),
    [['three', 3]],
  );
  assert.equal(d.flush().length, 0);
});

test('spec §Condition: lt is decided at flush for the windows still open at end of stream', () => {
  const rule = corr('type: event_count\nrules: [login]\ngroup-by: [User]\ntimespan: 1h\ncondition: {lt: 2}');
  const { d } = setup([rule, baseRule('login')]);
  assert.equal(d.push({ rule: 'login', User: 'once' }, { time: T0 }).length, 0);
  assert.equal(d.push({ rule: 'login', User: 'twice' }, { time: T0 + 1 }).length, 0);
  assert.equal(d.push({ rule: 'login', User: 'twice' }, { time: T0 + 2 }).length, 0);
  const atEnd = d.flush();
  assert.deepEqual(
    atEnd.map((a) => a.correlation?.groupBy.User),
    ['once'],
  );
  assert.equal(d.stats().alerts, 1);
});

test('spec §Condition: neq and eq', () => {
  const eq = corr('type: event_count\nrules: [x]\ngroup-by: [k]\ntimespan: 1m\ncondition: {eq: 2}');
  const alerts = run(setup([eq, baseRule('x')]).d, [
    [0, { rule: 'x', k: 'a' }],
    [1, { rule: 'x', k: 'a' }],
    [1, { rule: 'x', k: 'b' }],
  ]);
  assert.deepEqual(
    alerts.map((a) => a.correlation?.groupBy.k),
    ['a'],
  );
  const neq = corr('type: event_count\nrules: [x]\ngroup-by: [k]\ntimespan: 1m\ncondition: {neq: 2}');
  const alerts2 = run(setup([neq, baseRule('x')]).d, [
    [0, { rule: 'x', k: 'a' }],
    [1, { rule: 'x', k: 'a' }],
    [1, { rule: 'x', k: 'b' }],
  ]);
  assert.deepEqual(
    alerts2.map((a) => a.correlation?.groupBy.k),
    ['b'],
  );
});

test('spec §Field Name Aliases: group-by aliases resolve to a different field per rule', () => {
  const rule = corr(`type: temporal
rules: [internal_error, new_network_connection]
group-by: [internal_ip, remote_ip]
timespan: 10s
aliases:
  internal_ip:
    internal_error: destination.ip
    new_network_connection: source.ip
  remote_ip:
    internal_error: source.ip
    new_network_connection: destination.ip`);
  const { d } = setup([rule, baseRule('internal_error'), baseRule('new_network_connection')]);
  const alerts = run(d, [
    [0, { rule: 'internal_error', destination: { ip: '10.0.0.5' }, source: { ip: '203.0.113.9' } }],
    [2, { rule: 'new_network_connection', source: { ip: '10.0.0.9' }, destination: { ip: '203.0.113.9' } }],
    [4, { rule: 'new_network_connection', source: { ip: '10.0.0.5' }, destination: { ip: '203.0.113.9' } }],
  ]);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0]?.correlation?.groupBy, { internal_ip: '10.0.0.5', remote_ip: '203.0.113.9' });
  assert.equal(alerts[0]?.correlation?.last, T0 + 4000);
});

test('spec §Grouping: an event without a group-by field belongs to no group (counted, no crash)', () => {
  const { d } = setup([COUNT3, baseRule('failed')]);
  const alerts = run(d, [
    [0, { rule: 'failed' }],
    [1, { rule: 'failed' }],
    [2, { rule: 'failed', User: null }],
  ]);
  assert.equal(alerts.length, 0);
  assert.equal(d.stats().correlation?.missingGroupBy, 3);
});

test('spec §Grouping: without group-by every event is in one group', () => {
  const rule = corr('type: event_count\nrules: [failed]\ntimespan: 10m\ncondition: {gte: 2}');
  const alerts = run(setup([rule, baseRule('failed')]).d, [
    [0, { rule: 'failed', User: 'a' }],
    [1, { rule: 'failed', User: 'b' }],
  ]);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0]?.correlation?.groupBy, {});
});

test('spec §Generate: base rule alerts are hidden by default, kept with generate: true', () => {
  const events: [number, Record<string, unknown>][] = [
    [0, { rule: 'failed', User: 'u' }],
    [1, { rule: 'failed', User: 'u' }],
    [2, { rule: 'failed', User: 'u' }],
    [3, { rule: 'unrelated' }],
  ];
  const hidden = run(setup([COUNT3, baseRule('failed'), baseRule('unrelated')]).d, events);
  assert.deepEqual(
    hidden.map((a) => a.title),
    ['corr', 'unrelated'],
  );
  const generating = COUNT3.replace('correlation:\n', 'correlation:\n  generate: true\n');
  const shown = run(setup([generating, baseRule('failed'), baseRule('unrelated')]).d, events);
  assert.deepEqual(
    shown.map((a) => a.title),
    ['failed', 'failed', 'failed', 'corr', 'unrelated'],
  );
});

test('spec §Example: a chained correlation (many failed logins, then a success by the same user)', () => {
  const outer = corr(
    'type: temporal_ordered\nrules: [many_failed, success]\ngroup-by: [User]\ntimespan: 10m',
    'title: brute force then success\nid: outer-id\nlevel: critical\n',
  );
  const inner = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 10m\ncondition: {gte: 3}',
    'title: many failed\nid: inner-id\nname: many_failed\n',
  );
  const { d, loaded } = setup([outer, inner, baseRule('failed'), baseRule('success')]);
  assert.deepEqual(
    loaded.correlations.map((c) => c.id),
    ['inner-id', 'outer-id'],
    'dependency order',
  );
  const alerts = run(d, [
    [0, { rule: 'success', User: 'u' }],
    [10, { rule: 'failed', User: 'u' }],
    [20, { rule: 'failed', User: 'u' }],
    [30, { rule: 'failed', User: 'u' }],
    [40, { rule: 'success', User: 'v' }],
    [50, { rule: 'success', User: 'u' }],
  ]);
  assert.deepEqual(
    alerts.map((a) => [a.title, a.level, a.correlation?.groupBy.User]),
    [['brute force then success', 'critical', 'u']],
    'the inner correlation and the base rules are hidden (generate defaults to false)',
  );
});

test('out-of-order events within the allowed lateness are correlated; older ones are counted as late', () => {
  const rule = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 3}',
  );
  const { d } = setup([rule, baseRule('failed')], { allowedLatenessMs: 30_000 });
  const alerts = run(d, [
    [100, { rule: 'failed', User: 'u' }],
    [120, { rule: 'failed', User: 'u' }],
    [80, { rule: 'failed', User: 'u' }], // 40 s behind the newest event: too late
    [95, { rule: 'failed', User: 'u' }], // 25 s behind: within the lateness, completes [60, 120]
  ]);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.correlation?.first, T0 + 95_000);
  assert.equal(alerts[0]?.correlation?.last, T0 + 120_000);
  assert.equal(d.stats().correlation?.late, 1);
});

test('re-alerting: once while the condition keeps holding, again once a whole timespan has passed', () => {
  const rule = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 2}',
  );
  const events: [number, Record<string, unknown>][] = [];
  for (let s = 0; s <= 150; s += 10) events.push([s, { rule: 'failed', User: 'u' }]);
  const alerts = run(setup([rule, baseRule('failed')]).d, events);
  assert.deepEqual(
    alerts.map((a) => (a.correlation?.last ?? 0) - T0),
    [10_000, 80_000, 150_000],
  );
  // After the condition stopped holding, the next time it holds alerts again.
  const gap = run(setup([rule, baseRule('failed')]).d, [
    [0, { rule: 'failed', User: 'u' }],
    [1, { rule: 'failed', User: 'u' }],
    [100, { rule: 'failed', User: 'u' }],
    [101, { rule: 'failed', User: 'u' }],
  ]);
  assert.equal(gap.length, 2);
});

test('bounded state: least recently updated groups and oldest entries are evicted and counted', () => {
  const rule = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 3}',
  );
  const { d } = setup([rule, baseRule('failed')], { maxGroups: 2, maxEntriesPerGroup: 2 });
  const alerts = run(d, [
    [0, { rule: 'failed', User: 'a' }],
    [1, { rule: 'failed', User: 'b' }],
    [2, { rule: 'failed', User: 'a' }],
    [3, { rule: 'failed', User: 'c' }], // evicts b (least recently updated)
    [4, { rule: 'failed', User: 'a' }], // third entry for a: the oldest is dropped
  ]);
  assert.equal(alerts.length, 0, 'a saturates at 2 entries, so gte 3 cannot hold');
  const s = d.stats().correlation;
  assert.equal(s?.evictedGroups, 1);
  assert.equal(s?.evictedEntries, 1);
  assert.equal(s?.groups, 2);
  // Groups whose events all left the window are expired, not evicted (nothing was lost).
  const { d: d2 } = setup([rule, baseRule('failed')], { maxGroups: 1 });
  run(d2, [
    [0, { rule: 'failed', User: 'a' }],
    [7200, { rule: 'failed', User: 'b' }],
  ]);
  assert.equal(d2.stats().correlation?.expiredGroups, 1);
  assert.equal(d2.stats().correlation?.evictedGroups, 0);
});

test('bounded state: the total entry budget evicts whole least recently updated groups', () => {
  const rule = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 3}',
  );
  const { d } = setup([rule, baseRule('failed')], { maxTotalEntries: 3 });
  const alerts = run(d, [
    [0, { rule: 'failed', User: 'a' }],
    [1, { rule: 'failed', User: 'a' }],
    [2, { rule: 'failed', User: 'b' }],
    [3, { rule: 'failed', User: 'b' }], // 4 entries > 3: group a goes
    [4, { rule: 'failed', User: 'a' }], // a starts again from one entry
  ]);
  assert.equal(alerts.length, 0);
  const s = d.stats().correlation;
  assert.equal(s?.evictedGroups, 1);
  assert.equal(s?.groups, 2);
  assert.equal(s?.entries, 3, 'b: 2, a: 1 (its first two entries went with the eviction)');
});

test('event time is read from the event when push gets none (@timestamp, Sysmon UtcTime, epoch seconds)', () => {
  const rule = corr(
    'type: event_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 2}',
  );
  const push = (events: Record<string, unknown>[]) => {
    const { d } = setup([rule, baseRule('failed')]);
    return events.flatMap((e) => d.push({ rule: 'failed', User: 'u', ...e }));
  };
  assert.equal(
    push([{ '@timestamp': '2026-01-01T00:00:00Z' }, { '@timestamp': '2026-01-01T00:00:59Z' }]).length,
    1,
  );
  assert.equal(
    push([{ '@timestamp': '2026-01-01T00:00:00Z' }, { '@timestamp': '2026-01-01T00:01:01Z' }]).length,
    0,
  );
  assert.equal(
    push([{ UtcTime: '2026-01-01 00:00:00.000' }, { UtcTime: '2026-01-01 00:02:00.000' }]).length,
    0,
  );
  assert.equal(push([{ timestamp: 1767225600 }, { timestamp: 1767225630 }]).length, 1);
});

test('processing pipelines rename correlation group-by and value fields like rule fields', () => {
  const rule = corr(
    'type: value_count\nrules: [failed]\ngroup-by: [User]\ntimespan: 1h\ncondition: {field: Source, gte: 2}',
  );
  const loaded = loadRules([{ file: 'p.yml', text: [rule, baseRule('failed')].join('---\n') }]);
  const d = createDetector({
    rules: loaded.rules,
    correlations: loaded.correlations,
    pipelines: [{ name: 'ecs', fieldNameMapping: { User: 'user.name', Source: 'source.ip' } }],
    options: { logsource: null },
  });
  const alerts = run(d, [
    [0, { rule: 'failed', user: { name: 'root' }, source: { ip: '10.0.0.1' } }],
    [1, { rule: 'failed', user: { name: 'root' }, source: { ip: '10.0.0.2' } }],
  ]);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0]?.correlation?.groupBy, { User: 'root' }, 'reported under the rule’s name');
});

test('spec §Condition with lateness: a closed-mode window waits for late events before it is decided', () => {
  const rule = corr('type: event_count\nrules: [x]\ngroup-by: [k]\ntimespan: 1m\ncondition: {lt: 3}');
  const { d } = setup([rule, baseRule('x')], { allowedLatenessMs: 30_000 });
  const out = [
    ...d.push({ rule: 'x', k: 'a' }, { time: T0 }),
    ...d.push({ rule: 'x', k: 'a' }, { time: T0 + 70_000 }), // after the window [0, 60 s]…
    ...d.push({ rule: 'x', k: 'a' }, { time: T0 + 50_000 }), // …but this one is late and inside it
    ...d.push({ rule: 'x', k: 'a' }, { time: T0 + 55_000 }),
  ];
  assert.equal(out.length, 0, 'not decided before event time passes 60 s + 30 s');
  const closed = corrAlerts(d.push({ rule: 'y' }, { time: T0 + 91_000 }));
  assert.equal(closed.length, 0, '[0, 60 s] holds 3 events: lt 3 does not hold');
  const atEnd = d.flush();
  assert.deepEqual(
    atEnd.map((a) => [a.correlation?.first, a.correlation?.count]),
    [[T0 + 70_000, 1]],
    'the next window starts at the first event after the decided one',
  );
});

test('a logsource-conditional pipeline mapping renames group-by fields only for the rules it applies to', () => {
  const rules = [
    corr('type: event_count\nrules: [lin]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 2}'),
    corr(
      'type: event_count\nrules: [win]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 2}',
      'title: corr-win\nid: corr-win\nlevel: high\n',
    ),
    'title: lin\nname: lin\nlogsource: {product: linux}\ndetection:\n  s: {rule: lin}\n  condition: s\n',
    'title: win\nname: win\nlogsource: {product: windows}\ndetection:\n  s: {rule: win}\n  condition: s\n',
  ];
  const { pipeline } = pipelineFromText(
    'cond.yml',
    'cond.yml',
    'name: cond\ntransformations:\n  - type: field_name_mapping\n    mapping: {User: user.name}\n    rule_conditions:\n      - type: logsource\n        product: linux\n',
  );
  const loaded = loadRules([{ file: 'p.yml', text: rules.join('---\n') }]);
  assert.deepEqual(loaded.rejected, []);
  const d = createDetector({
    rules: loaded.rules,
    correlations: loaded.correlations,
    pipelines: [pipeline],
    options: { logsource: null },
  });
  const alerts = run(d, [
    [0, { rule: 'lin', user: { name: 'root' } }],
    [1, { rule: 'lin', user: { name: 'root' } }],
    [2, { rule: 'win', User: 'admin' }],
    [3, { rule: 'win', User: 'admin' }],
  ]);
  assert.deepEqual(
    alerts.map((a) => [a.title, a.correlation?.groupBy]),
    [
      ['corr', { User: 'root' }],
      ['corr-win', { User: 'admin' }],
    ],
  );
});

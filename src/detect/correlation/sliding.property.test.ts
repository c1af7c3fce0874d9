import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { createDetector } from '../detector.ts';
import { loadRules } from '../load.ts';
import { baseRule, corrAlerts, setup, T0 } from './test-helpers.ts';

const FIXTURES = new URL('../../../test/fixtures/detect/correlation/', import.meta.url);

const countRule = (k: number, spanS: number) =>
  `title: c\ncorrelation:\n  type: event_count\n  rules: [x]\n  group-by: [g]\n  timespan: ${spanS}s\n  condition: {gte: ${k}}\n`;

test('spec §Time Selection (property): the sliding-window count equals a brute-force recount', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ t: fc.integer({ min: 0, max: 120 }), g: fc.constantFrom('a', 'b') }), {
        maxLength: 40,
      }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 30 }),
      (events, k, spanS) => {
        // Unbounded lateness: out-of-order events are all correlated, so the brute force is exact.
        const { d } = setup([countRule(k, spanS), baseRule('x')], { allowedLatenessMs: 1e9 });
        const span = spanS * 1000;
        const fired = new Set<string>();
        events.forEach((e, i) => {
          for (const a of d.push({ rule: 'x', g: e.g }, { time: T0 + e.t * 1000, line: i })) {
            const c = a.correlation;
            assert.ok(c);
            fired.add(e.g);
            // The alert's count is the number of events pushed so far in [last - span, last].
            const last = c.last - T0;
            const recount = events
              .slice(0, i + 1)
              .filter((x) => x.g === c.groupBy.g && x.t * 1000 >= last - span && x.t * 1000 <= last).length;
            assert.equal(c.count, recount);
            assert.equal(c.value, recount);
            assert.ok(recount >= k);
          }
        });
        // A group alerts iff some window ending at one of its events holds >= k events (final recount).
        for (const g of ['a', 'b']) {
          const times = events.filter((x) => x.g === g).map((x) => x.t * 1000);
          const expected = times.some((p) => times.filter((t) => t >= p - span && t <= p).length >= k);
          assert.equal(fired.has(g), expected, `group ${g}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('bounded state (property): groups and entries never exceed the limits, evictions are counted', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ t: fc.integer({ min: 0, max: 1000 }), g: fc.integer({ min: 0, max: 30 }) }), {
        maxLength: 200,
      }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 40 }),
      (events, maxGroups, maxEntries, maxTotal) => {
        const { d } = setup([countRule(1000, 3600), baseRule('x')], {
          maxGroups,
          maxEntriesPerGroup: maxEntries,
          maxTotalEntries: maxTotal,
          allowedLatenessMs: 1e9,
        });
        const distinct = new Set<number>();
        for (const e of events) {
          d.push({ rule: 'x', g: e.g }, { time: T0 + e.t });
          distinct.add(e.g);
          const s = d.stats().correlation;
          assert.ok(s && s.groups <= maxGroups);
          assert.ok(s.entries <= maxTotal);
          assert.ok(s.entries <= s.groups * maxEntries);
        }
        const s = d.stats().correlation;
        assert.ok(s);
        // Every group that left the table was counted as evicted or expired.
        assert.ok(s.evictedGroups + s.expiredGroups >= distinct.size - maxGroups);
        assert.equal(s.inputs, events.length);
      },
    ),
    { numRuns: 200 },
  );
});

test('fixture: sshd brute force followed by a success is one alert with the user, from event @timestamp', () => {
  const text = readFileSync(new URL('failed-then-success.yml', FIXTURES), 'utf8');
  const loaded = loadRules([{ file: 'failed-then-success.yml', text }]);
  const d = createDetector({
    rules: loaded.rules,
    correlations: loaded.correlations,
    options: { logsource: null },
  });
  const lines = readFileSync(new URL('sshd.jsonl', FIXTURES), 'utf8').trim().split('\n');
  const alerts = lines.flatMap((l, i) => d.push(JSON.parse(l), { source: 'sshd.jsonl', line: i + 1 }));
  alerts.push(...d.flush());
  assert.deepEqual(
    alerts.map((a) => [a.title, a.level, a.correlation?.type, a.correlation?.groupBy, a.event.line]),
    [['SSH brute force followed by a successful login', 'high', 'temporal_ordered', { user: 'root' }, 10]],
  );
  assert.deepEqual(corrAlerts(alerts)[0]?.attack, ['T1110.001']);
  assert.equal(d.stats().correlation?.untimed, 0);
  assert.equal(d.stats().correlation?.late, 0);
});

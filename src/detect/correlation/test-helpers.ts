/** Test helpers: load base + correlation rules from YAML documents and run timed events. */
import assert from 'node:assert/strict';
import type { Alert } from '../alert.ts';
import { createDetector, type Detector } from '../detector.ts';
import { type LoadResult, loadRules } from '../load.ts';
import type { CorrelationOptions } from './types.ts';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A base rule named `name` (id `name-id`) matching events with `rule: name`. */
export function baseRule(name: string): string {
  return `title: ${name}\nid: ${name}-id\nname: ${name}\nlogsource: {product: test}\ndetection:\n  sel: {rule: ${name}}\n  condition: sel\n`;
}

export function setup(
  docs: readonly string[],
  options: CorrelationOptions = {},
): { d: Detector; loaded: LoadResult } {
  const loaded = loadRules([{ file: 'corr.yml', text: docs.join('---\n') }]);
  assert.deepEqual(
    loaded.rejected.map((r) => r.reason),
    [],
  );
  const d = createDetector({
    rules: loaded.rules,
    correlations: loaded.correlations,
    options: { logsource: null, correlation: options },
  });
  return { d, loaded };
}

/** Push `[seconds after T0, fields]` events with meta.time; returns every alert including flush(). */
export function run(d: Detector, events: readonly (readonly [number, Record<string, unknown>])[]): Alert[] {
  const out: Alert[] = [];
  events.forEach(([s, fields], i) => {
    out.push(...d.push(fields, { source: 'ev.jsonl', line: i + 1, time: T0 + s * 1000 }));
  });
  out.push(...d.flush());
  return out;
}

export const corrAlerts = (alerts: readonly Alert[]): Alert[] =>
  alerts.filter((a) => a.correlation !== undefined);

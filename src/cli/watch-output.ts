import picocolors from 'picocolors';
import { formatLocation } from '../core/location.ts';
import type { WatchDelta } from '../scan/watch/start-watch.ts';

/** `[12:03:04] +2 new, -1 fixed (k8s/pod.yaml) 41 ms` then one line per finding. */
export function renderDelta(delta: WatchDelta, color: boolean): string {
  const c = picocolors.createColors(color);
  const time = delta.at.toISOString().slice(11, 19);
  const lines = [
    `${c.dim(`[${time}]`)} ${c.red(`+${delta.added.length} new`)}, ${c.green(`-${delta.fixed.length} fixed`)}` +
      ` (${delta.changed.join(', ')}) ${delta.latencyMs} ms — ${delta.result.findings.length} open`,
  ];
  for (const f of delta.added)
    lines.push(
      `  ${c.red('+')} ${f.severity.toUpperCase()} ${f.ruleId} ${formatLocation(f.location)} ${f.message}`,
    );
  for (const f of delta.fixed)
    lines.push(`  ${c.green('-')} ${f.ruleId} ${formatLocation(f.location)} ${f.message}`);
  return `${lines.join('\n')}\n`;
}

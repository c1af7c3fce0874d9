import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Shared helpers so every benchmark prints the same kind of JSON line. */
export function peakRssMb(): number {
  // resourceUsage().maxRSS is in kilobytes and covers the whole process lifetime.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function printLine(figures: Record<string, unknown>): void {
  process.stdout.write(
    `${JSON.stringify({ ...figures, node: process.version, at: new Date().toISOString() })}\n`,
  );
}

export function ms(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
}

/** Milliseconds of CPU (user + system) this process used since `since`, unrounded. */
export function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/**
 * The protocol both sides of the secretlint comparison follow (bench/secrets-rampart.ts,
 * bench/secrets-secretlint.ts): a one-file warm-up scan, counted with loading in `startupCpuMs`
 * (CPU since `startupCpu`), then one measured scan of `dir`.
 */
export async function warmThenMeasure<T>(
  startupCpu: NodeJS.CpuUsage,
  scan: (dir: string) => Promise<T>,
  dir: string,
): Promise<{ value: T; wallMs: number; cpuMs: number; startupCpuMs: number }> {
  const tiny = mkdtempSync(join(tmpdir(), 'rampart-bench-warm-'));
  try {
    writeFileSync(join(tiny, 'a.txt'), 'warm up\n');
    await scan(tiny);
  } finally {
    rmSync(tiny, { recursive: true, force: true });
  }
  const startupCpuMs = Math.round(cpuMs(startupCpu) * 100) / 100;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await scan(dir);
  return { value, wallMs: ms(start), cpuMs: Math.round(cpuMs(cpu) * 100) / 100, startupCpuMs };
}

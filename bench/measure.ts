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

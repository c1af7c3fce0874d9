/** Small helpers shared by the format parsers. */
import type { LogSourceRef } from './types.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** ISO 8601 (UTC) for a parseable date string or epoch milliseconds, else undefined. */
export function toIso(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function ref(file: string, line: number, offset: number): LogSourceRef {
  return { file, line, offset };
}

/** The first non-blank line of a sniff window (which may end mid-line). */
export function firstLine(firstBytes: string): string {
  const text = firstBytes.replace(/^\uFEFF/, '').replace(/^\s*\n/, '');
  const nl = text.indexOf('\n');
  return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

/** Up to `n` non-blank lines of a sniff window, dropping a last line that may be cut short. */
export function sniffLines(firstBytes: string, n = 10): string[] {
  const lines = firstBytes.replace(/^\uFEFF/, '').split('\n');
  if (lines.length > 1) lines.pop();
  return lines
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, n);
}

/** Share of `lines` matching `re` (0 when there are none). */
export function share(lines: readonly string[], test: (line: string) => boolean): number {
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const l of lines) if (test(l)) hits++;
  return hits / lines.length;
}

import { parse, TomlError } from 'smol-toml';
import type { Collector } from './collector.ts';
import { excessiveBrackets, Lines, MAX_NESTING, splitLines } from './text.ts';

export type TomlTable = Record<string, unknown>;

/** Parses TOML; reports a problem and returns undefined when it cannot. */
export function parseToml(c: Collector, text: string): TomlTable | undefined {
  const deep = excessiveBrackets(text, MAX_NESTING);
  if (deep >= 0) {
    c.problem('error', 'too-deep', `nesting is deeper than ${MAX_NESTING} levels`, {
      line: new Lines(text).lineOf(deep),
    });
    return undefined;
  }
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const msg = error instanceof Error ? error.message.split('\n')[0] : String(error);
    c.problem('error', 'syntax', `not valid TOML: ${msg}`, { line });
    return undefined;
  }
}

/**
 * Lines of each `[[name]]` header in order: smol-toml gives no positions, and the n-th array
 * table element is the n-th header of that name.
 */
export function arrayTableLines(text: string, name: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`^\\s*\\[\\[\\s*${name.replace(/[.]/g, '\\.')}\\s*\\]\\]`);
  splitLines(text).forEach((l, i) => {
    if (re.test(l)) out.push(i + 1);
  });
  return out;
}

export function tableArray(value: unknown): TomlTable[] {
  return Array.isArray(value) ? value.filter((v): v is TomlTable => typeof v === 'object' && v !== null) : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

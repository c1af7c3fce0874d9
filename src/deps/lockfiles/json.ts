import { type AnyNode, parse, type ValueNode } from '@humanwhocodes/momoa';
import type { Collector } from './collector.ts';
import { excessiveBrackets, Lines, MAX_NESTING } from './text.ts';

/**
 * Parses JSON (or JSONC with trailing commas) keeping node positions. Reports a problem on the
 * collector and returns undefined when the text is not JSON or nests too deeply.
 */
export function parseJson(c: Collector, text: string, jsonc = false): ValueNode | undefined {
  const deep = excessiveBrackets(text, MAX_NESTING);
  if (deep >= 0) {
    c.problem('error', 'too-deep', `nesting is deeper than ${MAX_NESTING} levels`, {
      line: new Lines(text).lineOf(deep),
    });
    return undefined;
  }
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  try {
    return parse(source, {
      mode: jsonc ? 'jsonc' : 'json',
      allowTrailingCommas: jsonc,
      ranges: false,
      tokens: false,
    }).body;
  } catch (error) {
    const at = error as { line?: unknown; message?: unknown };
    const message = String(at.message ?? error).replace(/\s*\(\d+:\d+\)\s*$/, '');
    c.problem('error', 'syntax', `not valid JSON: ${message}`, {
      line: typeof at.line === 'number' ? at.line : undefined,
    });
    return undefined;
  }
}

/** Value of a member by key (first match), or undefined. */
export function get(node: AnyNode | undefined, key: string): ValueNode | undefined {
  if (node?.type !== 'Object') return undefined;
  for (const m of node.members) if (m.name.type === 'String' && m.name.value === key) return m.value;
  return undefined;
}

export function str(node: AnyNode | undefined): string | undefined {
  return node?.type === 'String' ? node.value : undefined;
}

/** `[key, value, line of the key]` for each member of an object. */
export function* entries(node: AnyNode | undefined): Generator<[string, ValueNode, number]> {
  if (node?.type !== 'Object') return;
  for (const m of node.members) {
    const key = m.name.type === 'String' ? m.name.value : m.name.name;
    yield [key, m.value, m.name.loc.start.line];
  }
}

/** Keys of an object (e.g. a `dependencies` map). */
export function keys(node: AnyNode | undefined): string[] {
  return [...entries(node)].map(([k]) => k);
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function record(v: unknown): JsonRecord | undefined {
  return isRecord(v) ? v : undefined;
}

export function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * JSON.parse (several times faster than a positional parser on multi-megabyte lockfiles); pair
 * it with `keyLines` for lines. Reports a problem and returns undefined when it cannot.
 */
export function parsePlainJson(c: Collector, source: string): unknown {
  const deep = excessiveBrackets(source, MAX_NESTING);
  if (deep >= 0) {
    c.problem('error', 'too-deep', `nesting is deeper than ${MAX_NESTING} levels`, {
      line: new Lines(source).lineOf(deep),
    });
    return undefined;
  }
  const body = source.charCodeAt(0) === 0xfeff ? ` ${source.slice(1)}` : source;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    c.problem('error', 'syntax', `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}`, {
      line: at ? new Lines(body).lineOf(Number(at[1])) : undefined,
    });
    return undefined;
  }
}

/** Shared by this folder's tests: run a format over text in chunks of a given size. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogEvent, LogFormat, LogProblem } from './types.ts';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/detect/logs',
);

export const fixturePath = (name: string): string => path.join(FIXTURES, name);
export const readFixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');

/** A fixed "now" so yearless timestamps are deterministic. */
export const NOW = new Date('2024-03-15T00:00:00Z');

export interface Parsed {
  readonly events: LogEvent[];
  readonly problems: LogProblem[];
}

export function parseAll(
  format: LogFormat,
  text: string,
  options: { file?: string; chunk?: number } = {},
): Parsed {
  const parser = format.createParser({ file: options.file ?? 'input', now: NOW });
  const events: LogEvent[] = [];
  const problems: LogProblem[] = [];
  const size = options.chunk ?? text.length;
  for (let i = 0; i < text.length; i += Math.max(1, size)) {
    const out = parser.push(text.slice(i, i + Math.max(1, size)));
    events.push(...out.events);
    problems.push(...out.problems);
  }
  const out = parser.end();
  events.push(...out.events);
  problems.push(...out.problems);
  return { events, problems };
}

/** `file:line` of each problem, the way the CLI prints them. */
export const where = (problems: readonly LogProblem[]): string[] =>
  problems.map((p) => `${p.file}:${p.line}`);

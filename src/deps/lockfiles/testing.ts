import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLockfile } from './index.ts';
import type { Package, ParseResult } from './types.ts';

/** Fixture root; fixture paths are passed to parsers relative to it, so locations are short. */
export const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/deps/lockfiles',
);

export function readFixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

export function parseFixture(rel: string): ParseResult {
  return parseLockfile(rel, readFixture(rel), {
    readFile: (p) => {
      try {
        return readFileSync(join(FIXTURES, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
}

/** One compact line per package: `purl line direct dev [optional] [peer]`, for exact comparisons. */
export function summary(packages: readonly Package[]): string[] {
  return packages.map((p) =>
    [
      p.purl,
      `${p.location.file}:${p.location.line}`,
      `direct=${p.direct}`,
      `dev=${p.dev}`,
      ...(p.optional ? ['optional'] : []),
      ...(p.peer ? ['peer'] : []),
    ].join(' '),
  );
}

export function problemSummary(result: ParseResult): string[] {
  return result.problems.map((p) => `${p.severity} ${p.kind} ${p.message}`);
}

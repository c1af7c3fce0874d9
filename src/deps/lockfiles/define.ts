import { Collector } from './collector.ts';
import { tooLarge } from './text.ts';
import type { LockfileEcosystem, LockfileParser, ParseContext, ParseResult } from './types.ts';

interface ParserSpec {
  readonly name: string;
  readonly ecosystem: LockfileEcosystem;
  readonly foldCase?: boolean;
  accepts(path: string): boolean;
  /** Fills the collector; may throw only on bugs (caught below and reported as `internal`). */
  read(c: Collector, text: string, context: ParseContext): void;
}

/**
 * Wraps a format reader with the rules every parser shares: size limit, and never throwing.
 * An exception here is a bug in the reader, reported as an `internal` problem naming the file
 * (fuzz tests assert it never happens) so one bad lockfile cannot abort a scan.
 */
export function defineParser(spec: ParserSpec): LockfileParser {
  return {
    name: spec.name,
    ecosystem: spec.ecosystem,
    accepts: spec.accepts,
    parse(path: string, text: string, context: ParseContext = {}): ParseResult {
      const c = new Collector(path, spec.ecosystem, spec.foldCase ?? false);
      const big = tooLarge(path, text);
      if (big) return { packages: [], problems: [big] };
      try {
        spec.read(c, text, context);
      } catch (error) {
        if (error instanceof RangeError) {
          c.problem('error', 'too-deep', 'input nests too deeply to read');
        } else {
          c.problem('error', 'internal', `could not be read (${spec.name} parser error: ${String(error)})`);
        }
      }
      return c.result();
    },
  };
}

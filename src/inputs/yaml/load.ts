import { Composer, LineCounter, Parser } from 'yaml';
import type { SourceRange } from '../../core/location.ts';
import type { ParseProblem } from '../document.ts';
import type { YamlDialect } from './dialect.ts';
import { fastLoadYaml } from './fast.ts';
import { LineIndex } from './line-index.ts';
import { DEFAULT_LIMITS, type LoadedDocument, type LoadLimits, type LoadResult } from './loaded.ts';
import { LimitExceeded, type WalkLimits, YamlWalker } from './walk.ts';

export type YamlLoadOptions = LoadLimits & YamlDialect;

const FILE_START: SourceRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/**
 * Every document of a YAML file as a plain value with the range of each field path.
 * Never throws: syntax errors and exceeded limits become problems with a line, and the other
 * documents of the file are still returned.
 */
export function loadYaml(file: string, text: string, options: YamlLoadOptions = {}): LoadResult {
  const maxFileSize = options.maxFileSize ?? DEFAULT_LIMITS.maxFileSize;
  const maxDocuments = options.maxDocuments ?? DEFAULT_LIMITS.maxDocuments;
  const limits = {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxAliasNodes: options.maxAliasNodes ?? DEFAULT_LIMITS.maxAliasNodes,
  };
  if (text.length > maxFileSize) {
    const message = `file is too large to parse (${text.length} bytes, limit ${maxFileSize})`;
    return { documents: [], problems: [{ file, message, range: FILE_START }] };
  }
  const fast = fastLoadYaml(text, options, limits.maxDepth, maxDocuments);
  if (fast !== undefined) return { documents: fast, problems: [] };
  return fullLoadYaml(file, text, options, limits, maxDocuments);
}

/** The full `yaml` parser: every construct, and the errors. Exported for the fast path's tests. */
export function fullLoadYaml(
  file: string,
  text: string,
  dialect: YamlDialect,
  limits: WalkLimits,
  maxDocuments: number,
): LoadResult {
  const documents: LoadedDocument[] = [];
  const problems: ParseProblem[] = [];
  const counter = new LineCounter();
  // The lexer fills `lineStarts` as it goes, so the index is always current for yielded documents.
  const lines = new LineIndex(counter.lineStarts);
  const problem = (message: string, offset: number): void => {
    const at = lines.position(offset);
    problems.push({
      file,
      message: `${message} (line ${at.line}, column ${at.column})`,
      range: { start: at, end: at },
    });
  };
  let count = 0;
  try {
    const composer = new Composer({ prettyErrors: false });
    for (const doc of composer.compose(new Parser(counter.addNewLine).parse(text), true)) {
      if (++count > maxDocuments) {
        problem(`more than ${maxDocuments} YAML documents in one file; the rest is not read`, doc.range[0]);
        break;
      }
      if (doc.errors.length > 0) {
        for (const error of doc.errors)
          problem(`YAML syntax error: ${firstLine(error.message)}`, error.pos[0]);
        continue;
      }
      const contents = doc.contents;
      if (contents === null) continue;
      const walker = new YamlWalker(text, lines, doc, limits, dialect);
      try {
        const value = walker.value(contents, '', 0);
        if (value === null) continue; // empty or comment-only document: nothing to check
        const range = walker.range(contents.range[0], walker.end);
        walker.positions.set('', range);
        documents.push({ value, positions: walker.positions, range });
      } catch (error) {
        if (!(error instanceof LimitExceeded)) throw error;
        problem(error.message, error.offset);
      }
    }
  } catch (error) {
    // yaml's composer recurses; absurd flow nesting can overflow the stack before our depth check.
    const reason = error instanceof RangeError ? 'nesting is too deep' : describe(error);
    problem(`YAML could not be read: ${reason}`, 0);
  }
  return { documents, problems };
}

function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return end < 0 ? message : message.slice(0, end);
}

function describe(error: unknown): string {
  return error instanceof Error ? firstLine(error.message) : String(error);
}

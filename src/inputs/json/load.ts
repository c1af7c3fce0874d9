import { type AnyNode, parse } from '@humanwhocodes/momoa';
import type { Position, SourceRange } from '../../core/location.ts';
import type { FieldPath, ParseProblem } from '../document.ts';
import { appendPath } from '../path.ts';
import { LineIndex } from '../yaml/line-index.ts';
import { DEFAULT_LIMITS, type LoadedDocument, type LoadLimits, type LoadResult } from '../yaml/loaded.ts';
import { excessiveNesting } from './depth.ts';

/**
 * A JSON file read like a one-document YAML file: `documents` holds 0 or 1 document, and
 * `value`/`positions`/`range` repeat it for callers that only ever expect one.
 * `value` is undefined when the file could not be read (see `problems`).
 */
export interface JsonLoadResult extends LoadResult {
  readonly value: unknown;
  readonly positions: Map<FieldPath, SourceRange>;
  readonly range: SourceRange;
}

const FILE_START: SourceRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** Parses JSON with the range of every field path (same conventions as `loadYaml`). Never throws. */
export function loadJson(
  file: string,
  text: string,
  limits: Pick<LoadLimits, 'maxFileSize' | 'maxDepth'> = {},
): JsonLoadResult {
  const maxFileSize = limits.maxFileSize ?? DEFAULT_LIMITS.maxFileSize;
  const maxDepth = limits.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  if (text.length > maxFileSize) {
    return failed(
      file,
      `file is too large to parse (${text.length} bytes, limit ${maxFileSize})`,
      FILE_START.start,
    );
  }
  const deep = excessiveNesting(text, maxDepth);
  if (deep >= 0) {
    return failed(file, `nesting is deeper than ${maxDepth} levels`, LineIndex.of(text).position(deep));
  }
  let root: AnyNode;
  try {
    // A byte-order mark is not JSON; a space keeps every offset and column where it was.
    const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
    root = parse(source, { mode: 'json', ranges: false, tokens: false }).body;
  } catch (error) {
    const at = error as { line?: unknown; column?: unknown; message?: unknown };
    const where: Position =
      typeof at.line === 'number' && typeof at.column === 'number'
        ? { line: at.line, column: at.column }
        : FILE_START.start;
    const message = String(at.message ?? error).replace(/\s*\(\d+:\d+\)\s*$/, '');
    return failed(file, `JSON syntax error: ${message}`, where);
  }
  const positions = new Map<FieldPath, SourceRange>();
  const value = toValue(root, '', positions);
  const range = rangeOf(root);
  positions.set('', range);
  const document: LoadedDocument = { value, positions, range };
  return { documents: [document], problems: [], value, positions, range };
}

function toValue(node: AnyNode, path: FieldPath, positions: Map<FieldPath, SourceRange>): unknown {
  switch (node.type) {
    case 'Object': {
      const out: Record<string, unknown> = {};
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name;
        const childPath = appendPath(path, key);
        const value = toValue(member.value, childPath, positions);
        // `__proto__` is data here, not the prototype.
        if (key === '__proto__')
          Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
        positions.set(childPath, rangeOf(member));
      }
      return out;
    }
    case 'Array': {
      const out = new Array<unknown>(node.elements.length);
      node.elements.forEach((element, i) => {
        const childPath = `${path}[${i}]`;
        out[i] = toValue(element.value, childPath, positions);
        positions.set(childPath, rangeOf(element));
      });
      return out;
    }
    case 'String':
    case 'Number':
    case 'Boolean':
      return node.value;
    default:
      return null;
  }
}

function rangeOf(node: { loc?: { start: Position; end: Position } }): SourceRange {
  const loc = node.loc;
  if (loc === undefined) return FILE_START;
  return {
    start: { line: loc.start.line, column: loc.start.column },
    end: { line: loc.end.line, column: loc.end.column },
  };
}

function failed(file: string, message: string, at: Position): JsonLoadResult {
  const range = { start: at, end: at };
  const problem: ParseProblem = { file, message: `${message} (line ${at.line}, column ${at.column})`, range };
  return { documents: [], problems: [problem], value: undefined, positions: new Map(), range };
}

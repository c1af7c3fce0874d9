import type { SourceRange } from '../../core/location.ts';
import type { FieldPath, ParseProblem } from '../document.ts';

/**
 * One parsed document of a YAML or JSON file, before any input type gives it meaning.
 * Shared by every YAML/JSON-based parser (kubernetes, github-actions, cloudformation, terraform plan).
 */
export interface LoadedDocument {
  /** Plain JSON-like value: objects, arrays, strings, numbers, booleans, null. */
  readonly value: unknown;
  /**
   * Range of every field path in `value`: '' is the whole document, a map entry spans from the
   * key to the end of its value, a sequence item spans the item. Lines and columns are 1-based.
   */
  readonly positions: Map<FieldPath, SourceRange>;
  /** The document's content in the file (without `---` and trailing comments). */
  readonly range: SourceRange;
}

export interface LoadResult {
  readonly documents: readonly LoadedDocument[];
  readonly problems: readonly ParseProblem[];
}

/** Bounds that keep hostile or accidental inputs from exhausting time or memory. */
export interface LoadLimits {
  /** Largest file in UTF-16 code units (≈ bytes for ASCII); bigger files are not parsed. Default 10 MiB. */
  readonly maxFileSize?: number;
  /** Deepest nesting of maps/lists. Default 200. */
  readonly maxDepth?: number;
  /** YAML only: most documents (`---`) read from one file. Default 10,000. */
  readonly maxDocuments?: number;
  /** YAML only: most nodes produced by expanding aliases (`*ref`) per document. Default 10,000. */
  readonly maxAliasNodes?: number;
}

export const DEFAULT_LIMITS: Required<LoadLimits> = {
  maxFileSize: 10 * 1024 * 1024,
  maxDepth: 200,
  maxDocuments: 10_000,
  maxAliasNodes: 10_000,
};

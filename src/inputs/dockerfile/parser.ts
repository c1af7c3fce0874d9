import { DockerfileParser } from 'dockerfile-ast';
import type { InputFile, InputParser, ParseResult } from '../document.ts';
import { buildDockerfile } from './build.ts';

/** Larger files are reported, not parsed: no real Dockerfile comes near this. */
export const MAX_DOCKERFILE_CHARS = 4 * 1024 * 1024;

/** `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`, `Containerfile.*`. */
export function isDockerfilePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (
    base === 'Dockerfile' ||
    base.startsWith('Dockerfile.') ||
    base.endsWith('.Dockerfile') ||
    base.endsWith('.dockerfile') ||
    base === 'Containerfile' ||
    base.startsWith('Containerfile.')
  );
}

/** One document per Dockerfile (docs/inputs.md, dockerfile). Never throws. */
export const dockerfileParser: InputParser = {
  type: 'dockerfile',

  accepts(file: InputFile): boolean {
    return isDockerfilePath(file.path);
  },

  parse(file: InputFile): ParseResult {
    if (file.content.length > MAX_DOCKERFILE_CHARS) {
      return {
        documents: [],
        problems: [
          { file: file.path, message: `file too large to parse (${file.content.length} characters)` },
        ],
      };
    }
    try {
      return parseDockerfile(file);
    } catch (error) {
      return {
        documents: [],
        problems: [{ file: file.path, message: `could not parse: ${(error as Error).message}` }],
      };
    }
  },
};

function parseDockerfile(file: InputFile): ParseResult {
  const built = buildDockerfile(file.path, DockerfileParser.parse(file.content));
  if (built.object.stages.length === 0) {
    const start = { line: 1, column: 1 };
    built.problems.push({ file: file.path, message: 'no FROM instruction', range: { start, end: start } });
    return { documents: [], problems: built.problems };
  }
  // The document ends at the end of its last line (a final newline does not start a new one).
  const lines = file.content.replace(/\r?\n$/, '').split(/\r?\n/);
  const range = {
    start: { line: 1, column: 1 },
    end: { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 },
  };
  built.positions.set('', range);
  return {
    documents: [
      {
        type: 'dockerfile',
        file: file.path,
        kind: 'Dockerfile',
        name: file.path,
        object: built.object,
        range,
        positions: built.positions,
        unknownPaths: built.unknownPaths,
        expressions: built.expressions,
        extras: {},
      },
    ],
    problems: built.problems,
  };
}

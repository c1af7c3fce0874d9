import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type {
  InputDocument,
  InputFile,
  InputParser,
  InputType,
  ParseProblem,
} from '../../inputs/document.ts';

export interface FixtureParse {
  readonly documents: readonly InputDocument[];
  readonly problems: readonly ParseProblem[];
  /** Set when the fixture could not be handed to any parser (missing file, no parser). */
  readonly error?: string;
}

/** Reads a fixture file (or every file of a fixture folder), paths relative to the rule folder. */
async function readFixture(ruleDir: string, rel: string): Promise<InputFile[] | string> {
  const full = path.join(ruleDir, rel);
  const info = await stat(full).catch(() => undefined);
  if (!info) return `fixture not found: ${rel}`;
  if (info.isFile()) return [{ path: rel, content: await readFile(full, 'utf8') }];
  const files: InputFile[] = [];
  for (const name of (await readdir(full, { recursive: true })).sort()) {
    const p = path.join(full, name);
    if ((await stat(p)).isFile())
      files.push({ path: `${rel}/${name.split(path.sep).join('/')}`, content: await readFile(p, 'utf8') });
  }
  return files;
}

/**
 * Parses a test fixture the way a scan would: the first registered parser that accepts the
 * file, or the parser of the forced `input:` type. Files of one parser go through parseMany.
 */
export async function parseFixture(
  ruleDir: string,
  rel: string,
  parsers: readonly InputParser[],
  forced?: InputType,
): Promise<FixtureParse> {
  const files = await readFixture(ruleDir, rel);
  if (typeof files === 'string') return { documents: [], problems: [], error: files };
  const groups = new Map<InputParser, InputFile[]>();
  for (const file of files) {
    const parser = forced ? parsers.find((p) => p.type === forced) : parsers.find((p) => p.accepts(file));
    if (!parser) {
      return {
        documents: [],
        problems: [],
        error: forced
          ? `no input parser registered for input type '${forced}' (src/inputs/registry.ts)`
          : `no registered input parser accepts ${file.path}; name it like a real file or set input: in tests.yaml`,
      };
    }
    groups.set(parser, [...(groups.get(parser) ?? []), file]);
  }
  const documents: InputDocument[] = [];
  const problems: ParseProblem[] = [];
  for (const [parser, group] of groups) {
    try {
      const result = parser.parseMany ? parser.parseMany(group) : mergeEach(parser, group);
      documents.push(...result.documents);
      problems.push(...result.problems);
    } catch (error) {
      // Parsers must not throw; if one does, the fixture fails with the reason instead of the run.
      problems.push({ file: rel, message: `parser ${parser.type} crashed: ${(error as Error).message}` });
    }
  }
  return { documents, problems };
}

function mergeEach(parser: InputParser, files: readonly InputFile[]) {
  const documents: InputDocument[] = [];
  const problems: ParseProblem[] = [];
  for (const f of files) {
    const r = parser.parse(f);
    documents.push(...r.documents);
    problems.push(...r.problems);
  }
  return { documents, problems };
}

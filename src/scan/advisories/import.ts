/**
 * `rampart db import PATH...`: OSV export zips (`all.zip`), directories of OSV JSON (a checkout
 * of an advisory repository) or single JSON files. Bad input never aborts the import: every
 * unusable file, archive entry or record becomes a problem naming it, and the rest goes in.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { OsvProblem } from '../../deps/osv/types.ts';
import type { AdvisoryDb } from './database.ts';
import { AdvisoryWriter, type ImportCounts, recordImport } from './writer.ts';
import { DEFAULT_ZIP_LIMITS, readZipEntries, type ZipLimits } from './zip.ts';

export interface ImportOptions {
  readonly limits?: ZipLimits;
  /** Recorded as the import's source instead of the path (`db update` passes the URL). */
  readonly sourceName?: string;
  /** Problems beyond this many are counted, not kept (a broken export can have 100k). */
  readonly maxProblems?: number;
  readonly now?: () => Date;
}

export interface ImportResult {
  readonly source: string;
  readonly counts: ImportCounts;
  readonly problems: readonly OsvProblem[];
  /** Problems not kept because of maxProblems. */
  readonly droppedProblems: number;
}

/** Directories skipped while walking a checkout: VCS metadata and dependencies are not advisories. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules']);

function* jsonFiles(
  dir: string,
  maxBytes: number,
  problem: (file: string, message: string) => void,
): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    problem(dir, `cannot read directory: ${(error as Error).message}`);
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(full);
    } catch {
      continue;
    }
    // Symlinks are not followed: a link to `/` or a cycle must not turn an import into a crawl.
    if (stat.isDirectory()) {
      if (!SKIP_DIRS.has(name)) yield* jsonFiles(full, maxBytes, problem);
    } else if (stat.isFile() && name.toLowerCase().endsWith('.json')) {
      if (stat.size > maxBytes) problem(full, `file of ${stat.size} bytes exceeds ${maxBytes}; skipped`);
      else yield full;
    }
  }
}

/** Imports one path (zip, directory or JSON file) and records the run. */
export async function importPath(
  db: AdvisoryDb,
  path: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const source = options.sourceName ?? path;
  const maxProblems = options.maxProblems ?? 1000;
  const problems: OsvProblem[] = [];
  let dropped = 0;
  const onProblem = (p: OsvProblem) => {
    if (problems.length < maxProblems) problems.push(p);
    else dropped++;
  };
  const fileProblem = (file: string, message: string, entry?: string) =>
    onProblem({
      severity: 'error',
      file,
      ...(entry === undefined ? {} : { entry }),
      message: `${entry === undefined ? file : `${file}!${entry}`}: ${message}`,
    });
  const writer = new AdvisoryWriter(db, source, onProblem);

  let kind: 'dir' | 'file' | undefined;
  try {
    const stat = statSync(path);
    kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
    if (!kind) fileProblem(path, 'neither a file nor a directory');
  } catch (error) {
    fileProblem(path, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (kind === 'dir') {
    for (const file of jsonFiles(path, limits.maxEntryBytes, fileProblem)) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        fileProblem(file, `cannot read: ${(error as Error).message}`);
        continue;
      }
      writer.addText(text, { file });
    }
  } else if (kind === 'file' && path.toLowerCase().endsWith('.json')) {
    const size = statSync(path).size;
    if (size > limits.maxEntryBytes)
      fileProblem(path, `file of ${size} bytes exceeds ${limits.maxEntryBytes}; skipped`);
    else writer.addText(readFileSync(path, 'utf8'), { file: path });
  } else if (kind === 'file') {
    await readZipEntries(
      path,
      {
        // Named by the source: for `db update` that is the URL, not the temporary file.
        entry: (name, text) => writer.addText(text, { file: source, entry: name }),
        problem: (entry, message) => fileProblem(source, message, entry),
      },
      limits,
    );
  }
  writer.flush();
  recordImport(db, source, writer.counts, (options.now ?? (() => new Date()))());
  return { source, counts: writer.counts, problems, droppedProblems: dropped };
}

/** Imports several paths in order; one failing path does not stop the others. */
export async function importPaths(
  db: AdvisoryDb,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const path of paths) results.push(await importPath(db, path, options));
  return results;
}

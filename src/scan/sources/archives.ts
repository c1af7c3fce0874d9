import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';

/** Bounds for reading archives found in the tree: hostile archives cost little and never abort the scan. */
export interface ArchiveLimits {
  readonly maxEntries: number;
  /** Uncompressed bytes read from one top-level archive, nested ones included. */
  readonly maxTotalBytes: number;
  readonly maxEntryBytes: number;
  /** Uncompressed / compressed size of an entry (zip) or stream (gzip) above this is a bomb. */
  readonly maxRatio: number;
  /** Archives inside archives: 1 = only members of the top-level archive are opened. */
  readonly maxDepth: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntryBytes: 10 * 1024 * 1024,
  maxRatio: 100,
  maxDepth: 3,
};

/** A text member, reported as `dir/a.zip!inner/file.txt` (nested: `a.zip!b.tar!c.txt`). */
export interface ArchiveMember {
  readonly path: string;
  readonly content: string;
}

/** Something that could not be read: the archive and entry are named. */
export interface ArchiveProblem {
  readonly path: string;
  readonly message: string;
}

export interface ArchiveContents {
  readonly members: ArchiveMember[];
  readonly problems: ArchiveProblem[];
}

export type ArchiveType = 'zip' | 'tar' | 'tgz';

export function archiveType(path: string): ArchiveType | undefined {
  const p = path.toLowerCase();
  if (/\.(zip|jar|war|ear|apk|nupkg|whl)$/.test(p)) return 'zip';
  if (/\.(tgz|tar\.gz)$/.test(p)) return 'tgz';
  if (p.endsWith('.tar')) return 'tar';
  return undefined;
}

const decoder = new TextDecoder('utf-8');

/** Reads the text members of an archive held in memory. Never throws. */
export async function readArchive(
  bytes: Buffer,
  displayPath: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<ArchiveContents> {
  const out: ArchiveContents = { members: [], problems: [] };
  const budget = { entries: 0, bytes: 0 };
  await readInto(bytes, displayPath, archiveType(displayPath) ?? 'zip', limits, 1, budget, out);
  return out;
}

interface Budget {
  entries: number;
  bytes: number;
}

async function readInto(
  bytes: Buffer,
  display: string,
  type: ArchiveType,
  limits: ArchiveLimits,
  depth: number,
  budget: Budget,
  out: ArchiveContents,
): Promise<void> {
  const onEntry = async (name: string, data: Buffer): Promise<void> => {
    const inner = `${display}!${name}`;
    const nested = archiveType(name);
    if (nested) {
      if (depth >= limits.maxDepth)
        out.problems.push({
          path: inner,
          message: `nested deeper than ${limits.maxDepth} archives: not opened`,
        });
      else await readInto(data, inner, nested, limits, depth + 1, budget, out);
      return;
    }
    if (data.subarray(0, 8192).includes(0)) return;
    out.members.push({ path: inner, content: decoder.decode(data) });
  };
  try {
    if (type === 'zip') await readZip(bytes, display, limits, budget, out, onEntry);
    else
      await readTar(
        type === 'tgz' ? gunzipBounded(bytes, display, limits, budget) : bytes,
        display,
        limits,
        budget,
        out,
        onEntry,
      );
  } catch (error) {
    out.problems.push({
      path: display,
      message: `unreadable ${type} archive: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

/** Entry names are only ever used in reports, never as disk paths; still, hostile ones are refused. */
function unsafeName(name: string): string | undefined {
  if (name.includes('\u0000')) return 'NUL byte in entry name';
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return 'absolute entry path';
  if (n.split('/').includes('..')) return "entry path escapes the archive ('..')";
  return undefined;
}

function takeEntry(
  name: string,
  size: number,
  display: string,
  limits: ArchiveLimits,
  budget: Budget,
  out: ArchiveContents,
): boolean {
  budget.entries++;
  if (budget.entries > limits.maxEntries) {
    if (budget.entries === limits.maxEntries + 1)
      out.problems.push({
        path: display,
        message: `more than ${limits.maxEntries} entries: the rest was not read`,
      });
    return false;
  }
  const unsafe = unsafeName(name);
  if (unsafe) {
    out.problems.push({ path: `${display}!${name}`, message: `skipped: ${unsafe}` });
    return false;
  }
  if (size > limits.maxEntryBytes) {
    out.problems.push({
      path: `${display}!${name}`,
      message: `skipped: ${size} bytes, above the ${limits.maxEntryBytes}-byte entry limit`,
    });
    return false;
  }
  if (budget.bytes + size > limits.maxTotalBytes) {
    out.problems.push({
      path: `${display}!${name}`,
      message: `skipped: archive total above ${limits.maxTotalBytes} bytes`,
    });
    return false;
  }
  budget.bytes += size;
  return true;
}

function readZip(
  bytes: Buffer,
  display: string,
  limits: ArchiveLimits,
  budget: Budget,
  out: ArchiveContents,
  onEntry: (name: string, data: Buffer) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false so one hostile name ('../x') is skipped instead of failing the archive.
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
      (err, zip) => {
        if (err || !zip) return reject(err ?? new Error('cannot open'));
        zip.on('error', reject);
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          const raw = entry.fileName as unknown as Buffer | string;
          const name = typeof raw === 'string' ? raw : raw.toString('utf8');
          if (name.endsWith('/')) return zip.readEntry();
          const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : 0;
          if (ratio > limits.maxRatio) {
            out.problems.push({
              path: `${display}!${name}`,
              message: `skipped: compression ratio ${Math.round(ratio)}:1 above ${limits.maxRatio}:1 (zip bomb?)`,
            });
            return zip.readEntry();
          }
          if (!takeEntry(name, entry.uncompressedSize, display, limits, budget, out)) return zip.readEntry();
          zip.openReadStream(entry, (e, stream) => {
            if (e || !stream) {
              out.problems.push({
                path: `${display}!${name}`,
                message: `unreadable entry: ${e?.message ?? 'no data'}`,
              });
              return zip.readEntry();
            }
            const chunks: Buffer[] = [];
            let size = 0;
            stream.on('data', (c: Buffer) => {
              size += c.length;
              // validateEntrySizes also checks this; a lying header must not make us buffer more.
              if (size > limits.maxEntryBytes) stream.destroy(new Error('entry larger than declared'));
              else chunks.push(c);
            });
            stream.on('error', (se: Error) => {
              out.problems.push({ path: `${display}!${name}`, message: `unreadable entry: ${se.message}` });
              zip.readEntry();
            });
            stream.on('end', () => {
              onEntry(name, Buffer.concat(chunks)).then(
                () => zip.readEntry(),
                (oe: unknown) => reject(oe),
              );
            });
          });
        });
        zip.readEntry();
      },
    );
  });
}

function gunzipBounded(bytes: Buffer, display: string, limits: ArchiveLimits, budget: Budget): Buffer {
  const room = Math.max(0, Math.min(limits.maxTotalBytes - budget.bytes, bytes.length * limits.maxRatio));
  try {
    return gunzipSync(bytes, { maxOutputLength: room + 1 });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(
        `${display}: decompresses to more than ${room} bytes (ratio or total limit; gzip bomb?)`,
      );
    }
    throw error;
  }
}

async function readTar(
  bytes: Buffer,
  display: string,
  limits: ArchiveLimits,
  budget: Budget,
  out: ArchiveContents,
  onEntry: (name: string, data: Buffer) => Promise<void>,
): Promise<void> {
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const size = header.size ?? 0;
      const keep =
        (header.type === 'file' || header.type === 'contiguous-file') &&
        takeEntry(header.name, size, display, limits, budget, out);
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        if (keep && Buffer.isBuffer(c)) chunks.push(c);
      });
      stream.on('end', () => {
        if (!keep) return next();
        onEntry(header.name, Buffer.concat(chunks)).then(() => next(), reject);
      });
      stream.on('error', reject);
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  extract.end(bytes);
  await done;
}

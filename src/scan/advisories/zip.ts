/**
 * Reads the `.json` entries of an OSV export zip, one at a time, within bounds: entry count,
 * size per entry, total size and compression ratio (zip bombs), and hostile names (`../`,
 * absolute, backslashes) — we never write entries to disk, but a name like that means the
 * archive was not produced by an advisory database and is reported.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxEntryBytes: number;
  readonly maxTotalBytes: number;
  /** Uncompressed ÷ compressed, checked for entries above 64 KiB (tiny entries have noisy ratios). */
  readonly maxRatio: number;
}

/** OSV's largest export (npm) has ~200k small entries; these bounds leave a wide margin. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000_000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024 * 1024,
  maxRatio: 200,
};

export interface ZipVisitor {
  entry(name: string, text: string): void;
  /** A skipped entry (entry set) or a problem with the whole archive (entry undefined). */
  problem(entry: string | undefined, message: string): void;
}

function unsafeName(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').includes('..')) return 'escapes the archive (..)';
  return undefined;
}

/** Resolves when the archive has been read (or abandoned after a problem); never rejects. */
/**
 * Archives up to this size are read into memory: yauzl then serves entries without one async
 * file read per entry, which dominated import time for exports of 100k+ small records.
 */
const IN_MEMORY_BYTES = 512 * 1024 * 1024;

type OpenCallback = (err: Error | null, zip?: yauzl.ZipFile) => void;

function openZip(file: string, callback: OpenCallback): void {
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true };
  try {
    if (statSync(file).size > IN_MEMORY_BYTES) yauzl.open(file, options, callback);
    else yauzl.fromBuffer(readFileSync(file), options, callback);
  } catch (error) {
    callback(error as Error);
  }
}

/** Inflates one entry synchronously (a zlib stream per small entry costs more than the data). */
function decode(entry: yauzl.Entry, raw: Buffer, limits: ZipLimits): Buffer {
  let data: Buffer;
  if (entry.compressionMethod === 0) data = raw;
  else if (entry.compressionMethod === 8)
    data = inflateRawSync(raw, { maxOutputLength: limits.maxEntryBytes + 1 });
  else throw new Error(`unsupported compression method ${entry.compressionMethod}`);
  if (data.length !== entry.uncompressedSize)
    throw new Error(`entry is ${data.length} bytes, its header says ${entry.uncompressedSize}`);
  return data;
}

/** Resolves when the archive has been read (or abandoned after a problem); never rejects. */
export function readZipEntries(
  file: string,
  visitor: ZipVisitor,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<void> {
  return new Promise((resolve) => {
    openZip(file, (err, zip) => {
      if (err || !zip) {
        visitor.problem(undefined, `not a readable zip archive: ${err?.message ?? 'unknown error'}`);
        return resolve();
      }
      let entries = 0;
      let total = 0;
      let done = false;
      const finish = (message?: string) => {
        if (done) return;
        done = true;
        if (message) visitor.problem(undefined, message);
        zip.close();
        resolve();
      };
      const next = () => {
        if (!done) zip.readEntry();
      };
      zip.on('error', (e: Error) => finish(`corrupt zip archive: ${e.message}`));
      zip.on('end', () => finish());
      zip.on('entry', (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown as Buffer | string;
        const name = typeof raw === 'string' ? raw : raw.toString('utf8');
        if (name.endsWith('/')) return next();
        entries++;
        if (entries > limits.maxEntries)
          return finish(`more than ${limits.maxEntries} entries; rest of the archive skipped`);
        const unsafe = unsafeName(name);
        if (unsafe) {
          visitor.problem(name, `entry name ${unsafe}; skipped`);
          return next();
        }
        if (!name.toLowerCase().endsWith('.json')) return next();
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          visitor.problem(
            name,
            `entry of ${entry.uncompressedSize} bytes exceeds ${limits.maxEntryBytes}; skipped`,
          );
          return next();
        }
        const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : Infinity;
        if (entry.uncompressedSize > 65_536 && ratio > limits.maxRatio) {
          visitor.problem(
            name,
            `compression ratio ${Math.round(ratio)}:1 above ${limits.maxRatio}:1 (zip bomb?); skipped`,
          );
          return next();
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes)
          return finish(`more than ${limits.maxTotalBytes} bytes uncompressed; rest of the archive skipped`);
        if (entry.isEncrypted()) {
          visitor.problem(name, 'encrypted entry; skipped');
          return next();
        }
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          visitor.problem(name, `unsupported compression method ${entry.compressionMethod}; skipped`);
          return next();
        }
        const onStream = (e: Error | null, stream?: Readable) => {
          if (e || !stream) {
            visitor.problem(name, `unreadable entry: ${e?.message ?? 'no data'}; skipped`);
            return next();
          }
          const chunks: Buffer[] = [];
          let size = 0;
          let failed = false;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            // Compressed bytes beyond the declared size mean a lying header: stop buffering.
            if (size > entry.compressedSize) stream.destroy(new Error('entry larger than its header says'));
            else chunks.push(chunk);
          });
          stream.on('error', (se: Error) => {
            if (failed) return;
            failed = true;
            visitor.problem(name, `unreadable entry: ${se.message}; skipped`);
            next();
          });
          stream.on('end', () => {
            if (failed) return;
            let data: Buffer;
            try {
              data = decode(entry, Buffer.concat(chunks), limits);
            } catch (de) {
              visitor.problem(name, `unreadable entry: ${(de as Error).message}; skipped`);
              return next();
            }
            visitor.entry(name, data.toString('utf8'));
            next();
          });
        };
        // Deflated entries are read raw and inflated synchronously in decode(); yauzl throws
        // (synchronously) if asked not to decompress a stored entry.
        try {
          if (entry.compressionMethod === 8) zip.openReadStream(entry, { decompress: false }, onStream);
          else zip.openReadStream(entry, onStream);
        } catch (error) {
          visitor.problem(name, `unreadable entry: ${(error as Error).message}; skipped`);
          next();
        }
      });
      next();
    });
  });
}

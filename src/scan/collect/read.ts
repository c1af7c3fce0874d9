import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Finding } from '../../core/finding.ts';
import type { ScanFile } from '../analyzer.ts';
import { skippedNotice } from '../scan-finding.ts';
import { errorCode } from './walk.ts';

/** Git's heuristic: a NUL byte in the first 8 KiB means binary. */
const BINARY_PROBE = 8 * 1024;

const decoder = new TextDecoder('utf-8');
/** For bytes whose BOM is already dropped: a second BOM is text, as it was for `decoder`. */
const afterBom = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decides whether bytes are scannable text; returns the skip reason otherwise. Valid UTF-8 comes
 * back as `utf8` (a view, BOM dropped, no copy): the secrets engine matches bytes, and the text is
 * decoded only if some analyzer reads it (scanFileOf). Invalid UTF-8 is decoded at once, its bad
 * sequences as U+FFFD, and the text is the truth (no bytes).
 */
export function textOf(
  bytes: Uint8Array,
  maxFileSize: number,
): { text: string } | { utf8: Uint8Array } | { skip: string } {
  if (bytes.length > maxFileSize) return { skip: sizeReason(bytes.length, maxFileSize) };
  const probe = bytes.subarray(0, BINARY_PROBE);
  if (probe.includes(0)) return { skip: 'binary file (NUL byte in the first 8 KiB)' };
  if (!isUtf8(bytes)) return { text: decoder.decode(bytes) };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { utf8: bytes.subarray(bom) };
}

/**
 * The ScanFile of a readable text. For valid UTF-8 `content` is decoded on first read and kept:
 * a secrets-only scan never reads it (decoding every file cost ~85 ms of CPU on a 53 MiB tree, and
 * as much memory again as the bytes). An own enumerable getter, so a spread copy keeps the text.
 */
export function scanFileOf(rel: string, result: { text: string } | { utf8: Uint8Array }): ScanFile {
  if ('text' in result) return { path: rel, content: result.text };
  const bytes = result.utf8;
  let text: string | undefined;
  return {
    path: rel,
    bytes,
    get content(): string {
      text ??= afterBom.decode(bytes);
      return text;
    },
  };
}

function sizeReason(size: number, max: number): string {
  return `file is ${size} bytes, above --max-file-size ${max}`;
}

/** Reads one file, or returns a notice saying why it was skipped. Size is checked before reading. */
export async function readScanFile(
  abs: string,
  rel: string,
  maxFileSize: number,
): Promise<ScanFile | Finding> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(abs, 'r');
    const { size } = await handle.stat();
    if (size > maxFileSize) return skippedNotice(rel, sizeReason(size, maxFileSize));
    const bytes = await handle.readFile();
    const result = textOf(bytes, maxFileSize);
    return 'skip' in result ? skippedNotice(rel, result.skip) : scanFileOf(rel, result);
  } catch (error) {
    return skippedNotice(rel, `unreadable (${errorCode(error)})`);
  } finally {
    await handle?.close();
  }
}

/**
 * readScanFile without the thread pool, for one-shot scans: the same checks and notices, but
 * open/stat/read/close as four synchronous calls instead of four thread-pool round trips per
 * file. On the one core a scan gets, the round trips cost 3-4× more than the reads themselves.
 */
export function readScanFileSync(
  abs: string,
  rel: string,
  maxFileSize: number,
  arena?: ReadArena,
): ScanFile | Finding {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    // Into the arena's free space, to the end: no fstat (a system call and a Stats object per
    // file) for any file that fits; one that does not goes on below from what was read, its size
    // known.
    const read = arena?.readToEnd(fd);
    if (read && 'whole' in read) {
      const result = textOf(read.whole, maxFileSize);
      return 'skip' in result ? skippedNotice(rel, result.skip) : scanFileOf(rel, result);
    }
    const { size } = fstatSync(fd);
    if (size > maxFileSize) return skippedNotice(rel, sizeReason(size, maxFileSize));
    const result = textOf(readAll(fd, size, arena, read?.head), maxFileSize);
    return 'skip' in result ? skippedNotice(rel, result.skip) : scanFileOf(rel, result);
  } catch (error) {
    return skippedNotice(rel, `unreadable (${errorCode(error)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * What readFileSync(fd) reads, without its second fstat: the size is known already, and each
 * system call counts when a tree has thousands of small files. A size of 0 (procfs and the like
 * report it for files that have content) reads to the end as readFileSync does. `head`: the
 * file's first bytes, read already (not read again).
 */
function readAll(fd: number, size: number, arena: ReadArena | undefined, head?: Uint8Array): Buffer {
  if (size === 0) return readFileSync(fd);
  const buffer = arena?.take(size) ?? Buffer.allocUnsafeSlow(size);
  let filled = 0;
  if (head) {
    filled = Math.min(head.length, size);
    buffer.set(head.subarray(0, filled));
  }
  while (filled < size) {
    const n = readSync(fd, buffer, filled, size - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}

/**
 * One buffer that files are read into back to back, reused once the caller is done with them
 * (`reset`): a scan that looks at each file once, right after reading it, then allocates nothing
 * per file, and what it reads is still in the CPU cache when it is scanned. Files that do not fit
 * in what is left get a buffer of their own.
 */
export class ReadArena {
  private readonly buffer: Buffer;
  private used = 0;

  constructor(bytes: number) {
    this.buffer = Buffer.allocUnsafeSlow(bytes);
  }

  /** A view of `size` unused bytes, or undefined when they do not fit. */
  take(size: number): Buffer | undefined {
    if (this.used + size > this.buffer.length) return undefined;
    const view = this.buffer.subarray(this.used, this.used + size);
    this.used += size;
    return view;
  }

  /**
   * Reads `fd` from its start into the unused bytes: `whole`, a view of them (taken), when the file
   * ended there; else `head`, the bytes it filled (not taken: valid until the next take), for the
   * caller to go on from. Reading until a read returns 0 costs the same system calls as fstat +
   * one read, without fstat's Stats object.
   */
  readToEnd(fd: number): { readonly whole: Buffer } | { readonly head: Buffer } {
    const free = this.buffer.length - this.used;
    let filled = 0;
    while (filled < free) {
      const n = readSync(fd, this.buffer, this.used + filled, free - filled, filled);
      if (n === 0) return { whole: this.take(filled) as Buffer };
      filled += n;
    }
    return { head: this.buffer.subarray(this.used, this.used + free) };
  }

  /** Whether `bytes` is a view into this arena (then it must be copied to be kept). */
  holds(bytes: Uint8Array): boolean {
    return bytes.buffer === this.buffer.buffer;
  }

  /** Every view handed out may be overwritten from now on. */
  reset(): void {
    this.used = 0;
  }
}

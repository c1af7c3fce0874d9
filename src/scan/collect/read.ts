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

/**
 * Decides whether bytes are scannable text; returns the skip reason otherwise. `bytes` is the
 * UTF-8 encoding of `text` (a view, no copy) when the file is valid UTF-8, so the secrets engine,
 * which matches bytes, need not encode the text again.
 */
export function textOf(
  bytes: Uint8Array,
  maxFileSize: number,
): { text: string; bytes?: Uint8Array } | { skip: string } {
  if (bytes.length > maxFileSize) return { skip: sizeReason(bytes.length, maxFileSize) };
  const probe = bytes.subarray(0, BINARY_PROBE);
  if (probe.includes(0)) return { skip: 'binary file (NUL byte in the first 8 KiB)' };
  const text = decoder.decode(bytes);
  // Valid UTF-8 decodes and re-encodes to the same bytes, less the BOM the decoder drops; invalid
  // sequences became U+FFFD in `text`, so those files get no bytes (the text is the truth).
  if (!isUtf8(bytes)) return { text };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { text, bytes: bytes.subarray(bom) };
}

/** The ScanFile of a readable text (bytes attached when textOf kept them). */
function scanFileOf(rel: string, result: { text: string; bytes?: Uint8Array }): ScanFile {
  return result.bytes
    ? { path: rel, content: result.text, bytes: result.bytes }
    : { path: rel, content: result.text };
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
export function readScanFileSync(abs: string, rel: string, maxFileSize: number): ScanFile | Finding {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const { size } = fstatSync(fd);
    if (size > maxFileSize) return skippedNotice(rel, sizeReason(size, maxFileSize));
    const result = textOf(readAll(fd, size), maxFileSize);
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
 * report it for files that have content) reads to the end as readFileSync does.
 */
function readAll(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const buffer = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  while (filled < size) {
    const n = readSync(fd, buffer, filled, size - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}

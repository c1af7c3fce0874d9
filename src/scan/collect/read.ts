import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Finding } from '../../core/finding.ts';
import type { ScanFile } from '../analyzer.ts';
import { skippedNotice } from '../scan-finding.ts';
import { errorCode } from './walk.ts';

/** Git's heuristic: a NUL byte in the first 8 KiB means binary. */
const BINARY_PROBE = 8 * 1024;

const decoder = new TextDecoder('utf-8');

/** Decides whether bytes are scannable text; returns the skip reason otherwise. */
export function textOf(bytes: Uint8Array, maxFileSize: number): { text: string } | { skip: string } {
  if (bytes.length > maxFileSize) return { skip: sizeReason(bytes.length, maxFileSize) };
  const probe = bytes.subarray(0, BINARY_PROBE);
  if (probe.includes(0)) return { skip: 'binary file (NUL byte in the first 8 KiB)' };
  return { text: decoder.decode(bytes) };
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
    return 'skip' in result ? skippedNotice(rel, result.skip) : { path: rel, content: result.text };
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
    const result = textOf(readFileSync(fd), maxFileSize);
    return 'skip' in result ? skippedNotice(rel, result.skip) : { path: rel, content: result.text };
  } catch (error) {
    return skippedNotice(rel, `unreadable (${errorCode(error)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

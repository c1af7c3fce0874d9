import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { JsonObject } from './canonical.ts';
import type { AuditRecord, Checkpoint } from './entry.ts';
import { AuditError } from './errors.ts';
import type { AuditRepository } from './repository.ts';
import { ChainVerifier, type VerifierOptions, type VerifyReport } from './verifier.ts';

export const EXPORT_FORMAT = 'rampart-audit-export';
export const EXPORT_VERSION = 1;

/**
 * JSON lines: a header naming every public key, then each entry in seq order, each checkpoint
 * right after the entry it signs. Everything a third party needs to verify offline.
 */
export async function writeExport(
  repository: AuditRepository,
  write: (line: string) => void | Promise<void>,
  options: { readonly pageSize?: number; readonly now?: () => Date } = {},
): Promise<{ entries: number; checkpoints: number }> {
  const checkpoints = await repository.listCheckpoints();
  const keys = new Map<string, string>();
  for (const c of checkpoints) keys.set(c.keyId, c.publicKey);
  await write(
    JSON.stringify({
      type: 'header',
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: (options.now?.() ?? new Date()).toISOString(),
      keys: [...keys].map(([keyId, publicKey]) => ({ keyId, publicKey })),
    }),
  );
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  const pageSize = Math.max(1, options.pageSize ?? 1000);
  let after = 0;
  let entries = 0;
  for (;;) {
    const page = await repository.listEntries(after, pageSize);
    for (const record of page) {
      await write(JSON.stringify({ type: 'entry', ...record }));
      entries++;
      const checkpoint = bySeq.get(record.seq);
      if (checkpoint) {
        bySeq.delete(record.seq);
        await write(checkpointLine(checkpoint));
      }
    }
    if (page.length < pageSize) break;
    after = (page[page.length - 1] as AuditRecord).seq;
  }
  // Checkpoints beyond the last entry are exported as they are: the verifier reports the truncation.
  for (const checkpoint of bySeq.values()) await write(checkpointLine(checkpoint));
  return { entries, checkpoints: checkpoints.length };
}

function checkpointLine(c: Checkpoint): string {
  return JSON.stringify({
    type: 'checkpoint',
    seq: c.seq,
    hash: c.hash,
    at: c.at,
    keyId: c.keyId,
    signature: c.signature,
  });
}

/** Verifies export lines without any database. Throws AuditError only when it is not an export at all. */
export async function verifyExportLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: VerifierOptions & { readonly file?: string } = {},
): Promise<VerifyReport> {
  const where = options.file ?? 'export';
  const verifier = new ChainVerifier(options);
  let keys: Map<string, string> | undefined;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (!keys) {
      keys = headerKeys(value, where, lineNo);
      continue;
    }
    if (verifier.failed) continue;
    const record = isObject(value) ? value : {};
    if (record.type === 'entry') {
      const entry = asEntry(record);
      if (entry) verifier.pushEntry(entry);
      else verifier.pushUnreadable(`${where}:${lineNo}: not a valid audit entry`);
    } else if (record.type === 'checkpoint') {
      const checkpoint = asCheckpoint(record, keys);
      if (typeof checkpoint === 'string') verifier.pushUnreadable(`${where}:${lineNo}: ${checkpoint}`);
      else verifier.pushCheckpoint(checkpoint);
    } else {
      verifier.pushUnreadable(`${where}:${lineNo}: not an entry or checkpoint line`);
    }
  }
  if (!keys) throw new AuditError(`${where}: empty file, not a Rampart audit export`, { file: options.file });
  return verifier.finish();
}

export async function verifyExportFile(file: string, options: VerifierOptions = {}): Promise<VerifyReport> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new AuditError(`${file}: cannot read the export (${(error as Error).message})`, {
      file,
      cause: error,
    });
  }
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    return await verifyExportLines(lines, { ...options, file });
  } finally {
    lines.close();
    stream.destroy();
  }
}

function headerKeys(value: unknown, where: string, line: number): Map<string, string> {
  if (!isObject(value) || value.type !== 'header' || value.format !== EXPORT_FORMAT) {
    throw new AuditError(`${where}:${line}: not a Rampart audit export (missing header line)`, { line });
  }
  if (value.version !== EXPORT_VERSION) {
    throw new AuditError(`${where}:${line}: export version ${String(value.version)} is not supported`, {
      line,
    });
  }
  const keys = new Map<string, string>();
  for (const key of Array.isArray(value.keys) ? value.keys : []) {
    if (isObject(key) && typeof key.keyId === 'string' && typeof key.publicKey === 'string') {
      keys.set(key.keyId, key.publicKey);
    }
  }
  return keys;
}

function asEntry(v: Record<string, unknown>): AuditRecord | undefined {
  if (
    typeof v.seq !== 'number' ||
    typeof v.at !== 'string' ||
    typeof v.actor !== 'string' ||
    typeof v.action !== 'string' ||
    typeof v.target !== 'string' ||
    typeof v.hash !== 'string' ||
    !isObject(v.details)
  ) {
    return undefined;
  }
  return {
    seq: v.seq,
    at: v.at,
    actor: v.actor,
    action: v.action,
    target: v.target,
    details: v.details as JsonObject,
    hash: v.hash,
  };
}

function asCheckpoint(v: Record<string, unknown>, keys: ReadonlyMap<string, string>): Checkpoint | string {
  if (
    typeof v.seq !== 'number' ||
    typeof v.hash !== 'string' ||
    typeof v.at !== 'string' ||
    typeof v.keyId !== 'string' ||
    typeof v.signature !== 'string'
  ) {
    return 'not a valid checkpoint';
  }
  const publicKey = keys.get(v.keyId);
  if (publicKey === undefined)
    return `checkpoint for seq ${v.seq} names key ${v.keyId}, which the header does not list`;
  return { seq: v.seq, hash: v.hash, at: v.at, keyId: v.keyId, publicKey, signature: v.signature };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

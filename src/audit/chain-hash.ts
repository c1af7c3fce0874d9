import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import type { AuditEntry } from './entry.ts';

/** The "previous hash" of entry 1: 64 zeros, so every entry is hashed the same way. */
export const GENESIS_HASH = '0'.repeat(64);

/** Exactly the fields that are committed to; anything else on a record is not hashed. */
export function canonicalEntry(entry: AuditEntry): string {
  return canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    details: entry.details,
  });
}

/** SHA-256(prevHash ‖ canonical(entry)) in lowercase hex; prevHash as its 64 hex ASCII characters. */
export function chainHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalEntry(entry), 'utf8').digest('hex');
}

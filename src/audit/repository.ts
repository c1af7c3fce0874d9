import type { AuditRecord, Checkpoint } from './entry.ts';

/**
 * What the audit log needs from storage. Declared here and implemented by src/store, so the
 * service depends on nothing outward (docs/architecture.md).
 */
export interface AuditRepository {
  /**
   * Runs `work` holding the chain's write lock inside one transaction: at most one appender at a
   * time across processes (SQLite BEGIN IMMEDIATE, PostgreSQL advisory transaction lock). Commit
   * when `work` resolves, roll back when it throws.
   */
  withChainLock<T>(work: (chain: AuditChainWriter) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one store transaction that the state change's writes and withChainLock inside
   * it join, so the change and its entries commit together or not at all.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Entries with seq > afterSeq in seq order, at most `limit` of them (keyset pagination). */
  listEntries(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  /** Every checkpoint in seq order. */
  listCheckpoints(): Promise<Checkpoint[]>;
}

/** Operations valid only while the chain lock is held. */
export interface AuditChainWriter {
  /** The entry with the highest seq, if any. */
  head(): Promise<AuditRecord | undefined>;
  /** The checkpoint with the highest seq, if any. */
  lastCheckpoint(): Promise<Checkpoint | undefined>;
  /** Must fail (unique key on seq) rather than overwrite an existing seq. */
  insertEntry(record: AuditRecord): Promise<void>;
  insertCheckpoint(checkpoint: Checkpoint): Promise<void>;
}

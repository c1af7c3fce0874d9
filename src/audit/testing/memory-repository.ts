import type { AuditRecord, Checkpoint } from '../entry.ts';
import type { AuditChainWriter, AuditRepository } from '../repository.ts';

/**
 * An in-memory AuditRepository for unit tests of the service. The lock is a promise queue, so
 * concurrent appends behave as they do against a database. Arrays are public so tests can tamper.
 */
export class MemoryAuditRepository implements AuditRepository {
  entries: AuditRecord[] = [];
  checkpoints: Checkpoint[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  withChainLock<T>(work: (chain: AuditChainWriter) => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      const entries = [...this.entries];
      const checkpoints = [...this.checkpoints];
      const writer: AuditChainWriter = {
        head: async () => entries.at(-1),
        lastCheckpoint: async () => checkpoints.at(-1),
        insertEntry: async (record) => {
          if (entries.some((e) => e.seq === record.seq)) throw new Error(`duplicate seq ${record.seq}`);
          entries.push(record);
        },
        insertCheckpoint: async (checkpoint) => {
          checkpoints.push(checkpoint);
        },
      };
      const result = await work(writer);
      // Commit only on success, like a transaction.
      this.entries = entries;
      this.checkpoints = checkpoints;
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Memory has no transactions: unit tests of the service need only the call to pass through. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async listEntries(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return this.entries
      .filter((e) => e.seq > afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return [...this.checkpoints].sort((a, b) => a.seq - b.seq);
  }
}

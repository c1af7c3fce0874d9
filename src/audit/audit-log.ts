import { canonicalJson } from './canonical.ts';
import { chainHash, GENESIS_HASH } from './chain-hash.ts';
import { checkpointPayload } from './checkpoint.ts';
import type { AuditEvent, AuditRecord, Checkpoint } from './entry.ts';
import { AuditError } from './errors.ts';
import type { AuditChainWriter, AuditRepository } from './repository.ts';
import type { CheckpointSigner } from './signing-key.ts';

export interface AuditLogOptions {
  /** Sign a checkpoint at every multiple of this seq (default 100), and at seq 1. */
  readonly checkpointEvery?: number;
  /** …or when the last checkpoint is older than this, at the next append (default 5 minutes). */
  readonly checkpointIntervalMs?: number;
  /** Injectable clock for tests. */
  readonly now?: () => Date;
}

/**
 * The tamper-evident audit log: every append extends a SHA-256 hash chain under the store's
 * chain lock, so concurrent appenders (threads, processes, replicas) never fork it.
 */
export class AuditLog {
  readonly #repository: AuditRepository;
  readonly #signer: CheckpointSigner;
  readonly #every: number;
  readonly #intervalMs: number;
  readonly #now: () => Date;

  constructor(repository: AuditRepository, signer: CheckpointSigner, options: AuditLogOptions = {}) {
    this.#repository = repository;
    this.#signer = signer;
    this.#every = Math.max(1, options.checkpointEvery ?? 100);
    this.#intervalMs = options.checkpointIntervalMs ?? 5 * 60_000;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Appends one entry. Called inside `transaction` (or any open store transaction, e.g. a
   * per-service lock) it joins that transaction and holds the chain lock until it commits — so
   * append last there: the chain lock is then always the last lock taken, and no two
   * transactions can wait on each other through it.
   */
  async append(event: AuditEvent): Promise<AuditRecord> {
    const [record] = await this.#appendAll([normalise(event)]);
    if (!record) throw new AuditError('audit event: nothing was appended');
    return record;
  }

  /**
   * Runs the state change `change` and appends the entries it records in ONE store transaction:
   * both land or neither (a crash or error before commit leaves no entry for a change that did
   * not happen, and no change without its entry). Entries are appended after `change` resolves,
   * in the order recorded; an invalid event fails the whole transaction.
   */
  async transaction<T>(change: (record: (event: AuditEvent) => void) => Promise<T>): Promise<T> {
    return this.#repository.transaction(async () => {
      const events: AuditEvent[] = [];
      const result = await change((event) => {
        events.push(normalise(event));
      });
      if (events.length > 0) await this.#appendAll(events);
      return result;
    });
  }

  #appendAll(events: readonly AuditEvent[]): Promise<AuditRecord[]> {
    return this.#repository.withChainLock(async (chain) => {
      const records: AuditRecord[] = [];
      let head = await chain.head();
      for (const event of events) {
        const at = this.#timestampAfter(head?.at);
        const entry = {
          seq: (head?.seq ?? 0) + 1,
          at,
          actor: event.actor,
          action: event.action,
          target: event.target,
          details: event.details,
        };
        const record: AuditRecord = { ...entry, hash: chainHash(head?.hash ?? GENESIS_HASH, entry) };
        await chain.insertEntry(record);
        await this.#checkpointIfDue(chain, record);
        records.push(record);
        head = record;
      }
      return records;
    });
  }

  /** Signs a checkpoint at the current head now (e.g. at shutdown), unless the head already has one. */
  async checkpoint(): Promise<Checkpoint | undefined> {
    return this.#repository.withChainLock(async (chain) => {
      const head = await chain.head();
      const last = await chain.lastCheckpoint();
      if (!head || last?.seq === head.seq) return undefined;
      return this.#sign(chain, head);
    });
  }

  /**
   * Checkpoints land on entry 1 (the origin is signed at once, so the interval rule always has
   * a reference), on every multiple of N, and on the first entry after the interval has passed.
   */
  async #checkpointIfDue(chain: AuditChainWriter, record: AuditRecord): Promise<void> {
    const last = record.seq === 1 ? undefined : await chain.lastCheckpoint();
    const due =
      record.seq === 1 ||
      record.seq % this.#every === 0 ||
      last === undefined ||
      Date.parse(record.at) - Date.parse(last.at) >= this.#intervalMs;
    if (due) await this.#sign(chain, record);
  }

  async #sign(chain: AuditChainWriter, record: AuditRecord): Promise<Checkpoint> {
    const at = this.#timestampAfter(record.at);
    const checkpoint: Checkpoint = {
      seq: record.seq,
      hash: record.hash,
      at,
      keyId: this.#signer.keyId,
      publicKey: this.#signer.publicKeyPem,
      signature: this.#signer.sign(checkpointPayload(record.seq, record.hash, at)),
    };
    await chain.insertCheckpoint(checkpoint);
    return checkpoint;
  }

  /** Timestamps never go backwards along the chain, even if the wall clock does. */
  #timestampAfter(previous: string | undefined): string {
    const now = this.#now().toISOString();
    return previous !== undefined && previous > now ? previous : now;
  }
}

/**
 * Validates and normalises before any lock is taken: bad input fails fast and holds nothing.
 * (A number stored in a text column would read back as a string and break its own hash.)
 */
function normalise(event: AuditEvent): AuditEvent {
  for (const field of ['actor', 'action', 'target'] as const) {
    if (typeof event[field] !== 'string') throw new AuditError(`audit event: ${field} must be a string`);
  }
  if (event.actor === '' || event.action === '')
    throw new AuditError('audit event: actor and action must not be empty');
  const details = JSON.parse(canonicalJson(event.details, 'details')) as AuditEvent['details'];
  return { actor: event.actor, action: event.action, target: event.target, details };
}

import { chainHash, GENESIS_HASH } from './chain-hash.ts';
import { checkpointProblem } from './checkpoint.ts';
import type { AuditRecord, Checkpoint } from './entry.ts';

export type TamperKind =
  | 'edited' // an entry's stored hash does not match its contents and predecessor
  | 'missing' // a seq is absent (deleted entry)
  | 'out-of-order' // seqs go backwards or repeat (reordered/duplicated entry)
  | 'checkpoint-mismatch' // the chain differs from what a signed checkpoint attested
  | 'bad-checkpoint' // a checkpoint whose signature or key does not verify
  | 'truncated'; // a signed checkpoint attests entries that no longer exist

export interface VerifyProblem {
  /** The first seq at which the chain stops being trustworthy. */
  readonly seq: number;
  readonly kind: TamperKind;
  readonly reason: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly checkpoints: number;
  readonly headSeq: number;
  readonly headHash: string;
  /** Highest seq covered by a verified signed checkpoint (0 if none). */
  readonly signedThrough: number;
  /** Key ids of the checkpoints that verified. */
  readonly keyIds: readonly string[];
  readonly problem?: VerifyProblem;
}

export interface VerifierOptions {
  /** When given, checkpoints signed by any other key are rejected (pin the key out of band). */
  readonly trustedKeyIds?: ReadonlySet<string>;
  /**
   * Chain heads known from elsewhere (e.g. the last entry of an earlier export): the chain must
   * still reach each seq with the same hash. Closes the gap checkpoints leave — entries after the
   * last checkpoint deleted from the database.
   */
  readonly anchors?: readonly AuditAnchor[];
}

export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
  /** Where the anchor came from, for the report. */
  readonly source: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Walks a chain one entry at a time in seq order (memory stays flat for any chain length).
 * Feed each checkpoint right after the entry it covers, or earlier; `finish()` reports the first
 * problem. Works the same for rows read from the database and lines read from an export.
 */
export class ChainVerifier {
  readonly #trusted: ReadonlySet<string> | undefined;
  readonly #pending = new Map<number, Checkpoint>();
  readonly #anchors: Map<number, AuditAnchor>;
  readonly #keyIds = new Set<string>();
  #seq = 0;
  #hash = GENESIS_HASH;
  #entries = 0;
  #checkpoints = 0;
  #signedThrough = 0;
  #problem: VerifyProblem | undefined;

  constructor(options: VerifierOptions = {}) {
    this.#trusted = options.trustedKeyIds;
    this.#anchors = new Map((options.anchors ?? []).map((a) => [a.seq, a]));
  }

  get failed(): boolean {
    return this.#problem !== undefined;
  }

  /** Returns false once a problem has been found; later input is ignored. */
  pushEntry(record: AuditRecord): boolean {
    if (this.#problem) return false;
    const expected = this.#seq + 1;
    if (!Number.isSafeInteger(record.seq) || record.seq < expected) {
      return this.#fail(expected, 'out-of-order', `entry seq ${record.seq} appears after seq ${this.#seq}`);
    }
    if (record.seq > expected) {
      const gap = record.seq === expected + 1 ? `${expected}` : `${expected}..${record.seq - 1}`;
      return this.#fail(
        expected,
        'missing',
        `entry seq ${gap} is missing (deleted?); the next entry is seq ${record.seq}`,
      );
    }
    const recomputed = chainHash(this.#hash, record);
    if (!HEX64.test(record.hash) || recomputed !== record.hash) {
      return this.#fail(
        record.seq,
        'edited',
        `entry seq ${record.seq} (${record.action} by ${record.actor}) does not match its stored hash: it was edited, or an entry before it was removed, inserted or moved`,
      );
    }
    this.#seq = record.seq;
    this.#hash = recomputed;
    this.#entries++;
    const anchor = this.#anchors.get(record.seq);
    if (anchor) {
      this.#anchors.delete(record.seq);
      if (anchor.hash !== recomputed) {
        return this.#fail(
          record.seq,
          'checkpoint-mismatch',
          `entry seq ${record.seq} differs from the one in ${anchor.source}: the chain up to it was rewritten`,
        );
      }
    }
    const pending = this.#pending.get(record.seq);
    if (pending) {
      this.#pending.delete(record.seq);
      return this.#check(pending);
    }
    return true;
  }

  pushCheckpoint(checkpoint: Checkpoint): boolean {
    if (this.#problem) return false;
    if (checkpoint.seq > this.#seq) {
      if (this.#pending.has(checkpoint.seq)) {
        return this.#fail(checkpoint.seq, 'bad-checkpoint', `two checkpoints claim seq ${checkpoint.seq}`);
      }
      this.#pending.set(checkpoint.seq, checkpoint);
      return true;
    }
    if (checkpoint.seq === this.#seq && checkpoint.seq > 0 && this.#signedThrough !== checkpoint.seq) {
      return this.#check(checkpoint);
    }
    return this.#fail(
      checkpoint.seq,
      'out-of-order',
      `checkpoint for seq ${checkpoint.seq} is a duplicate or out of order (after entry seq ${this.#seq})`,
    );
  }

  /** An input record that cannot even be read (export line, row) breaks the chain right after the last good entry. */
  pushUnreadable(reason: string): false {
    if (this.#problem) return false;
    return this.#fail(this.#seq + 1, 'edited', reason);
  }

  finish(): VerifyReport {
    const anchor = [...this.#anchors.values()].sort((a, b) => a.seq - b.seq)[0];
    if (!this.#problem && anchor && anchor.seq > this.#seq) {
      this.#fail(
        this.#seq + 1,
        'truncated',
        `the chain ends at seq ${this.#seq} but ${anchor.source} holds entries up to seq ${anchor.seq}: entries were deleted`,
      );
    }
    if (!this.#problem && this.#pending.size > 0) {
      const seqs = [...this.#pending.keys()].sort((a, b) => a - b);
      const first = seqs[0] as number;
      const last = seqs[seqs.length - 1] as number;
      const signed = seqs
        .map((s) => this.#pending.get(s) as Checkpoint)
        .find((c) => !checkpointProblem(c, this.#trusted));
      if (signed) {
        this.#fail(
          this.#seq + 1,
          'truncated',
          `the chain ends at seq ${this.#seq} but a signed checkpoint attests seq ${signed.seq}: entries ${this.#seq + 1}..${last} were deleted`,
        );
      } else {
        const checkpoint = this.#pending.get(first) as Checkpoint;
        this.#fail(
          first,
          'bad-checkpoint',
          `checkpoint for seq ${first} is beyond the end of the chain (seq ${this.#seq}) and ${checkpointProblem(checkpoint, this.#trusted)}`,
        );
      }
    }
    return {
      ok: this.#problem === undefined,
      entries: this.#entries,
      checkpoints: this.#checkpoints,
      headSeq: this.#seq,
      headHash: this.#hash,
      signedThrough: this.#signedThrough,
      keyIds: [...this.#keyIds].sort(),
      ...(this.#problem ? { problem: this.#problem } : {}),
    };
  }

  #check(checkpoint: Checkpoint): boolean {
    const problem = checkpointProblem(checkpoint, this.#trusted);
    if (problem)
      return this.#fail(checkpoint.seq, 'bad-checkpoint', `checkpoint for seq ${checkpoint.seq}: ${problem}`);
    if (checkpoint.hash !== this.#hash) {
      return this.#fail(
        this.#signedThrough + 1,
        'checkpoint-mismatch',
        `the chain at seq ${checkpoint.seq} differs from the signed checkpoint made at ${checkpoint.at}: entries ${this.#signedThrough + 1}..${checkpoint.seq} were altered and re-hashed`,
      );
    }
    this.#checkpoints++;
    this.#signedThrough = checkpoint.seq;
    this.#keyIds.add(checkpoint.keyId);
    return true;
  }

  #fail(seq: number, kind: TamperKind, reason: string): false {
    this.#problem = { seq, kind, reason };
    return false;
  }
}
